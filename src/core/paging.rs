//! Paging for every list: `?page=1&per_page=50` (at most 200) → `{items, page, per_page, total}`.

use serde::{Deserialize, Serialize};

use crate::core::error::{AppError, Result};

pub const MAX_PER_PAGE: u64 = 200;
pub const DEFAULT_PER_PAGE: u64 = 50;

/// The page asked for.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    /// Checks `page >= 1` and `1 <= per_page <= 200`.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Result<Self> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 || page > 1_000_000 {
            return Err(AppError::field("page", "must be from 1 to 1000000"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(AppError::field("per_page", format!("must be from 1 to {MAX_PER_PAGE}")));
        }
        Ok(Self { page, per_page })
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

/// One page of a list.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn new(items: Vec<T>, request: PageRequest, total: u64) -> Self {
        Self { items, page: request.page, per_page: request.per_page, total }
    }
}
