//! Storage of boundaries and the per-area counts behind the maps.
