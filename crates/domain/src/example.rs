//! Good examples: the story, pictures, links and editorial workflow of the exhibition.
