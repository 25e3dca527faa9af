//! The signed-in identity: the access token's keys, the `CurrentStaff` extractor (a verified
//! token whose member is still active, read live on every request) and the role policy.

pub mod extractor;
pub mod jwt;
pub mod member;
pub mod password;
pub mod policy;
pub mod sessions;

pub use extractor::{CurrentStaff, RequestMeta};
pub use policy::{Action, Role};
