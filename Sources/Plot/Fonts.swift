// Finding DejaVu Sans on disk for FreeType. Figures use one family so every PNG looks alike
// across machines; a missing font is an error saying what to install, never a silent fallback
// to libgd's bitmap fonts. Leaves out fontconfig queries: the usual directories are enough.
import Foundation

/// The font files text is drawn with: DejaVu Sans, regular and bold.
public struct FontSet: Hashable, Sendable {
    /// Path of DejaVuSans.ttf.
    public let regular: String
    /// Path of DejaVuSans-Bold.ttf, or of the regular face when the bold one is missing.
    public let bold: String

    /// Font files given by path, for fonts outside the usual places.
    public init(regular: String, bold: String) {
        self.regular = regular
        self.bold = bold
    }

    /// Where distributions and package managers put DejaVu (Debian, Fedora, Arch, Homebrew, macOS).
    public static let defaultDirectories: [String] = {
        var directories = [
            "/usr/share/fonts/truetype/dejavu",
            "/usr/share/fonts/dejavu-sans-fonts",
            "/usr/share/fonts/dejavu",
            "/usr/share/fonts/TTF",
            "/usr/share/fonts/truetype",
            "/usr/local/share/fonts/dejavu",
            "/usr/local/share/fonts",
            "/opt/homebrew/share/fonts",
            "/Library/Fonts",
        ]
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        directories += [home + "/Library/Fonts", home + "/.local/share/fonts", home + "/.fonts"]
        return directories
    }()

    /// Looks for DejaVuSans.ttf (and DejaVuSans-Bold.ttf) in `directories`, first match wins.
    public static func locate(in directories: [String] = defaultDirectories) throws -> FontSet {
        func find(_ file: String) -> String? {
            for directory in directories {
                let path = (directory as NSString).appendingPathComponent(file)
                if FileManager.default.isReadableFile(atPath: path) { return path }
            }
            return nil
        }
        guard let regular = find("DejaVuSans.ttf") else {
            throw PlotError.fontNotFound(file: "DejaVuSans.ttf", searched: directories)
        }
        return FontSet(regular: regular, bold: find("DejaVuSans-Bold.ttf") ?? regular)
    }
}
