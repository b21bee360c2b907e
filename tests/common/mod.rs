#![allow(dead_code)]
pub mod district;
