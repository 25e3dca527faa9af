//! The wire values of DOMAIN.md's enumerations.

use serde::{Deserialize, Serialize};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($wire => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

wire_enum! {
    /// A substance or behaviour a client is recovering from.
    Substance {
        Alcohol = "alcohol",
        Cannabis = "cannabis",
        Cocaine = "cocaine",
        Methamphetamine = "methamphetamine",
        OtherStimulants = "other_stimulants",
        Heroin = "heroin",
        Fentanyl = "fentanyl",
        PrescriptionOpioids = "prescription_opioids",
        Benzodiazepines = "benzodiazepines",
        Hallucinogens = "hallucinogens",
        Mdma = "mdma",
        Ketamine = "ketamine",
        Inhalants = "inhalants",
        Nicotine = "nicotine",
        Gambling = "gambling",
        Gaming = "gaming",
        Sex = "sex",
        Food = "food",
        Other = "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substances_round_trip() {
        assert_eq!(Substance::ALL.len(), 19);
        for s in Substance::ALL {
            assert_eq!(Substance::parse(s.as_str()), Some(*s));
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }
}
