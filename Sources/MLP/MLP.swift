// MLP module.
