//! Use cases of good examples: editing, the editorial workflow, the public exhibition.
