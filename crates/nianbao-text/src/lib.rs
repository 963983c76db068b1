//! nianbao-text
