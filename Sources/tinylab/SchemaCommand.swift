// `tinylab schema`: prints the JSON Schema of experiment specs, generated from the settings
// tables. Experiments/spec.schema.json is this output; regenerate it after adding a setting.

import ArgumentParser
import Sweep

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of experiment specs (Experiments/spec.schema.json).",
        discussion: """
            Editors that know JSON Schema use it to complete and check specs that name it with \
            "$schema". It is generated from the run settings, so it always matches what \
            `tinylab run` accepts.

            Example:
              tinylab schema > Experiments/spec.schema.json
            """)

    func run() {
        Terminal.write(SpecSchema.text)
    }
}
