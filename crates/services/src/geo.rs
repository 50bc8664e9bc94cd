//! Use cases of the maps: boundary import and the strength and opportunity layers.
