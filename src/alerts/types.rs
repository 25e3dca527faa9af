//! An alert's kind and status.

use serde::{Deserialize, Serialize};

/// Why a client needs attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    UseReported,
    Phq9Item9,
    OverdoseReported,
    MissedCheckIns,
    CravingRising,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::UseReported => "use_reported",
            AlertKind::Phq9Item9 => "phq9_item9",
            AlertKind::OverdoseReported => "overdose_reported",
            AlertKind::MissedCheckIns => "missed_check_ins",
            AlertKind::CravingRising => "craving_rising",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            AlertKind::UseReported,
            AlertKind::Phq9Item9,
            AlertKind::OverdoseReported,
            AlertKind::MissedCheckIns,
            AlertKind::CravingRising,
        ]
        .into_iter()
        .find(|k| k.as_str() == value)
    }
}

/// `open` (the default) or `acknowledged`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    #[default]
    Open,
    Acknowledged,
}

impl AlertStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Acknowledged => "acknowledged",
        }
    }
}
