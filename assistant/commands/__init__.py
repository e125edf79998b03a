"""Sub-commands of `sendplan`, one module per area."""
