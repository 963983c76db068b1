//! Helpers shared by the binary's integration tests (each test binary uses
//! some of them).
#![allow(dead_code)]

pub mod truth;
