//! Self-report questionnaires: PHQ-9 and GAD-7 with their exact items, scoring and bands
//! (pure, in `scoring`), schedules set by a clinician, and the stored results.

pub mod routes;
pub mod scoring;
pub mod service;
