//! Storage of good examples and their pictures.
