//! Themes such as circular economy or smart industry; cross-over themes link networks.

use crate::audit::{self, Snapshot};
use crate::{ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct ThemeInput {
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub description: Option<String>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const DESCRIPTION: &str = "omschrijving";
}

impl ThemeInput {
    pub fn parse(self) -> Result<Theme, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.take(field::NAME, text::required(&self.name, 100));
        let description = e.take(
            field::DESCRIPTION,
            text::optional_long(self.description.as_deref(), 2000),
        );
        e.finish(|| {
            Some(Theme {
                name: name?,
                description: description?,
            })
        })
    }
}

impl Theme {
    pub fn snapshot(&self) -> Snapshot {
        vec![
            (field::NAME, self.name.clone()),
            (field::DESCRIPTION, audit::opt(&self.description)),
        ]
    }
}
