//! nianbao-xlsx-import
