//! Open data: aggregated, non-personal figures for anyone.
