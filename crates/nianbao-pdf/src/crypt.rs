//! The Standard Security Handler, for the empty user password only.
//!
//! Government reports are often encrypted with an empty user password and
//! an owner password (restricting copying or printing): every viewer opens
//! them without asking. This module computes the file key from the empty
//! password, checks it against `/U`, and decrypts strings and streams
//! object by object:
//!
//! - `/V 1`–`2`, `/R 2`–`3`: RC4 with 40- to 128-bit keys (Algorithms 2,
//!   4 and 5 of ISO 32000-1);
//! - `/V 4`, `/R 4`: crypt filters (`/StmF`, `/StrF` naming `/StdCF` with
//!   `/CFM /V2` = RC4, `/AESV2` = AES-128-CBC, or `/Identity`);
//! - `/V 5`, `/R 5`–`6`: AES-256 (`/AESV3`), the key unwrapped from `/UE`
//!   with the SHA-256 (R5) or SHA-256/384/512 (R6, Algorithm 2.B) hash.
//!
//! A file whose empty password does not verify (a real user password), or
//! another security handler, is refused with [`Error::Encrypted`]. The work
//! is bounded: key derivation runs a fixed number of rounds (R6: at most
//! 288), and decryption is linear in the bytes of each object parsed.

use crate::syntax::{Dict, Object, Stream};
use crate::Error;
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};
use std::rc::Rc;

/// The 32-byte padding string of Algorithm 2 (the padded empty password).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// How one kind of data (strings or streams) is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// Not encrypted.
    Identity,
    /// RC4 with the per-object key.
    Rc4,
    /// AES-128-CBC with the per-object key.
    Aes128,
    /// AES-256-CBC with the file key.
    Aes256,
}

/// The decryption of one file.
#[derive(Debug, Clone)]
pub struct Handler {
    key: Vec<u8>,
    strings: Method,
    streams: Method,
    encrypt_metadata: bool,
}

fn int(d: &Dict, k: &[u8]) -> Option<i64> {
    d.get(k).and_then(Object::as_i64)
}

fn bytes<'d>(d: &'d Dict, k: &[u8]) -> Option<&'d [u8]> {
    match d.get(k) {
        Some(Object::Str(s)) => Some(s),
        _ => None,
    }
}

impl Handler {
    /// The handler for the `/Encrypt` dictionary `enc`, given the first
    /// string of the trailer's `/ID`; [`Error::Encrypted`] when the empty
    /// user password does not open the file or the handler is not the
    /// standard one.
    pub fn new(enc: &Dict, id: &[u8]) -> Result<Handler, Error> {
        if enc.get(&b"Filter"[..]).and_then(Object::as_name) != Some(b"Standard") {
            return Err(Error::Encrypted);
        }
        let v = int(enc, b"V").unwrap_or(0);
        let r = int(enc, b"R").unwrap_or(0);
        let encrypt_metadata =
            !matches!(enc.get(&b"EncryptMetadata"[..]), Some(Object::Bool(false)));
        let o = bytes(enc, b"O").ok_or(Error::Encrypted)?;
        let u = bytes(enc, b"U").ok_or(Error::Encrypted)?;
        let p = int(enc, b"P").unwrap_or(0) as i32;
        let (strings, streams) = match v {
            1 | 2 => (Method::Rc4, Method::Rc4),
            4 | 5 => (cf_method(enc, b"StrF")?, cf_method(enc, b"StmF")?),
            _ => return Err(Error::Encrypted),
        };
        let key = match r {
            2..=4 => {
                // `/Length` in bits; V4's crypt filters have 128-bit keys.
                let default = if v == 4 { 128 } else { 40 };
                let n = if r == 2 {
                    5
                } else {
                    (int(enc, b"Length").unwrap_or(default) / 8).clamp(5, 16) as usize
                };
                let key = key_r2_r4(o, p, id, r, n, encrypt_metadata);
                if !user_ok(&key, u, id, r) {
                    return Err(Error::Encrypted);
                }
                key
            }
            5 | 6 => {
                let ue = bytes(enc, b"UE").ok_or(Error::Encrypted)?;
                key_r5_r6(u, ue, r)?
            }
            _ => return Err(Error::Encrypted),
        };
        Ok(Handler {
            key,
            strings,
            streams,
            encrypt_metadata,
        })
    }

    /// Object `num gen`, its strings and stream decrypted. XRef streams are
    /// not encrypted; nor is metadata under `/EncryptMetadata false`.
    pub fn object(&self, num: u32, gen: u16, o: Object) -> Object {
        match o {
            Object::Str(s) => Object::Str(self.apply(self.strings, num, gen, &s)),
            Object::Array(a) => {
                Object::Array(a.into_iter().map(|o| self.object(num, gen, o)).collect())
            }
            Object::Dict(d) => Object::Dict(self.dict(num, gen, d)),
            Object::Stream(s) => {
                let ty = s.dict.get(&b"Type"[..]).and_then(Object::as_name);
                if ty == Some(b"XRef") {
                    return Object::Stream(s);
                }
                let mut method = self.streams;
                if ty == Some(b"Metadata") && !self.encrypt_metadata {
                    method = Method::Identity;
                }
                if crypt_filter_identity(&s.dict) {
                    method = Method::Identity;
                }
                let s = Rc::unwrap_or_clone(s);
                let data = self.apply(method, num, gen, &s.data);
                Object::Stream(Rc::new(Stream {
                    dict: self.dict(num, gen, s.dict),
                    data,
                }))
            }
            o => o,
        }
    }

    fn dict(&self, num: u32, gen: u16, d: Dict) -> Dict {
        d.into_iter()
            .map(|(k, v)| (k, self.object(num, gen, v)))
            .collect()
    }

    fn apply(&self, m: Method, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        match m {
            Method::Identity => data.to_vec(),
            Method::Rc4 => rc4(&self.object_key(num, gen, false), data),
            Method::Aes128 => aes_cbc_decrypt(&self.object_key(num, gen, true), data),
            Method::Aes256 => aes_cbc_decrypt(&self.key, data),
        }
    }

    /// Algorithm 1: MD5 of the file key, the object number and generation
    /// (and `sAlT` for AES), cut to the key's length plus 5, at most 16.
    fn object_key(&self, num: u32, gen: u16, aes: bool) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&num.to_le_bytes()[..3]);
        h.update(gen.to_le_bytes());
        if aes {
            h.update(b"sAlT");
        }
        let d = h.finalize();
        d[..(self.key.len() + 5).min(16)].to_vec()
    }
}

/// The method of the crypt filter that `/StrF` or `/StmF` names.
fn cf_method(enc: &Dict, which: &[u8]) -> Result<Method, Error> {
    let name = enc
        .get(which)
        .and_then(Object::as_name)
        .unwrap_or(b"Identity");
    if name == b"Identity" {
        return Ok(Method::Identity);
    }
    let cf = enc
        .get(&b"CF"[..])
        .and_then(Object::as_dict)
        .and_then(|cf| cf.get(name))
        .and_then(Object::as_dict)
        .ok_or(Error::Encrypted)?;
    match cf.get(&b"CFM"[..]).and_then(Object::as_name) {
        Some(b"None") | None => Ok(Method::Identity),
        Some(b"V2") => Ok(Method::Rc4),
        Some(b"AESV2") => Ok(Method::Aes128),
        Some(b"AESV3") => Ok(Method::Aes256),
        Some(_) => Err(Error::Encrypted),
    }
}

/// Whether a stream's own `/Crypt` filter names `/Identity` (or nothing,
/// which means Identity too).
fn crypt_filter_identity(d: &Dict) -> bool {
    let filters: Vec<&[u8]> = match d.get(&b"Filter"[..]) {
        Some(Object::Name(n)) => vec![n],
        Some(Object::Array(a)) => a.iter().filter_map(Object::as_name).collect(),
        _ => return false,
    };
    let Some(i) = filters.iter().position(|f| *f == b"Crypt") else {
        return false;
    };
    let parms = match d.get(&b"DecodeParms"[..]) {
        Some(Object::Dict(p)) if i == 0 => Some(p),
        Some(Object::Array(a)) => a.get(i).and_then(Object::as_dict),
        _ => None,
    };
    parms
        .and_then(|p| p.get(&b"Name"[..]))
        .and_then(Object::as_name)
        .is_none_or(|n| n == b"Identity")
}

/// Algorithm 2: the file key from the (empty) user password.
fn key_r2_r4(o: &[u8], p: i32, id: &[u8], r: i64, n: usize, encrypt_metadata: bool) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(PAD);
    h.update(&o[..o.len().min(32)]);
    h.update(p.to_le_bytes());
    h.update(id);
    if r >= 4 && !encrypt_metadata {
        h.update([0xFF; 4]);
    }
    let mut d = h.finalize();
    if r >= 3 {
        for _ in 0..50 {
            d = Md5::digest(&d[..n]);
        }
    }
    d[..n].to_vec()
}

/// Algorithms 4 and 5: whether `key` is the empty user password's.
fn user_ok(key: &[u8], u: &[u8], id: &[u8], r: i64) -> bool {
    if r == 2 {
        return u.len() >= 32 && rc4(key, &PAD) == u[..32];
    }
    let mut h = Md5::new();
    h.update(PAD);
    h.update(id);
    let mut x = rc4(key, &h.finalize());
    for i in 1..=19u8 {
        let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
        x = rc4(&k, &x);
    }
    u.len() >= 16 && x[..] == u[..16]
}

/// Algorithm 2.A for the empty password: checks `/U`, unwraps `/UE`.
fn key_r5_r6(u: &[u8], ue: &[u8], r: i64) -> Result<Vec<u8>, Error> {
    if u.len() < 48 || ue.len() < 32 {
        return Err(Error::Encrypted);
    }
    let (hash, validation, key_salt) = (&u[..32], &u[32..40], &u[40..48]);
    if hash_2b(validation, r) != hash {
        return Err(Error::Encrypted);
    }
    let k = hash_2b(key_salt, r);
    let cipher = aes::Aes256::new_from_slice(&k).map_err(|_| Error::Encrypted)?;
    // AES-256 in CBC mode, zero IV, no padding.
    let mut prev = [0u8; 16];
    let mut key = Vec::with_capacity(32);
    for c in ue[..32].chunks_exact(16) {
        let mut b = aes::Block::clone_from_slice(c);
        cipher.decrypt_block(&mut b);
        key.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
        prev.copy_from_slice(c);
    }
    Ok(key)
}

/// Algorithm 2.B (R6) or plain SHA-256 (R5) of the empty password with
/// `salt` (no user key: this is the user password's hash).
fn hash_2b(salt: &[u8], r: i64) -> Vec<u8> {
    let mut k = Sha256::digest(salt).to_vec();
    if r == 5 {
        return k;
    }
    // At most 288 rounds: after round 63 the loop stops as soon as E's last
    // byte is at most round - 32, and a byte is at most 255.
    let mut round = 0usize;
    loop {
        // K1 = (password ‖ K ‖ user key) × 64; the password is empty.
        let k1: Vec<u8> = k.repeat(64);
        let Ok(cipher) = aes::Aes128::new_from_slice(&k[..16]) else {
            return k;
        };
        let mut prev = [0u8; 16];
        prev.copy_from_slice(&k[16..32]);
        let mut e = Vec::with_capacity(k1.len());
        for c in k1.chunks_exact(16) {
            let mut b = aes::Block::default();
            for (o, (x, p)) in b.iter_mut().zip(c.iter().zip(prev)) {
                *o = x ^ p;
            }
            cipher.encrypt_block(&mut b);
            prev.copy_from_slice(&b);
            e.extend_from_slice(&b);
        }
        let m = e[..16].iter().map(|&b| b as u32).sum::<u32>() % 3;
        k = match m {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        let last = *e.last().unwrap_or(&0) as usize;
        if round >= 63 && last <= round - 32 {
            break;
        }
        round += 1;
    }
    k.truncate(32);
    k
}

/// RC4 (the keystream XORed over `data`).
pub fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    if key.is_empty() {
        return data.to_vec();
    }
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|&b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            b ^ s[s[i as usize].wrapping_add(s[j as usize]) as usize]
        })
        .collect()
}

/// AES-CBC decryption of `iv ‖ ciphertext` with PKCS#7 padding removed (a
/// bad pad is kept, a trailing partial block dropped, as viewers do).
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Vec<u8> {
    if data.len() < 32 {
        // The IV alone (an empty string) or less: nothing to decrypt.
        return Vec::new();
    }
    let (iv, body) = data.split_at(16);
    let mut out = Vec::with_capacity(body.len());
    let mut prev = [0u8; 16];
    prev.copy_from_slice(iv);
    macro_rules! run {
        ($c:expr) => {{
            let cipher = $c;
            for c in body.chunks_exact(16) {
                let mut b = aes::Block::clone_from_slice(c);
                cipher.decrypt_block(&mut b);
                out.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
                prev.copy_from_slice(c);
            }
        }};
    }
    match key.len() {
        16 => match aes::Aes128::new_from_slice(key) {
            Ok(c) => run!(c),
            Err(_) => return Vec::new(),
        },
        32 => match aes::Aes256::new_from_slice(key) {
            Ok(c) => run!(c),
            Err(_) => return Vec::new(),
        },
        _ => return Vec::new(),
    }
    if let Some(&pad) = out.last() {
        let n = pad as usize;
        if (1..=16).contains(&n) && out.len() >= n && out[out.len() - n..].iter().all(|&b| b == pad)
        {
            out.truncate(out.len() - n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_vector() {
        // The classic test vector: RC4("Key", "Plaintext").
        assert_eq!(
            rc4(b"Key", b"Plaintext"),
            [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]
        );
    }

    #[test]
    fn aes_short_data_is_empty() {
        assert!(aes_cbc_decrypt(&[0; 16], &[0; 16]).is_empty());
        assert!(aes_cbc_decrypt(&[0; 16], &[]).is_empty());
    }
}
