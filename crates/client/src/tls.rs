//! Trust for servers with a private or self-signed certificate (an on-premises platform is often one): the
//! profile may carry extra CA certificates (PEM), trusted for REST and the WebSocket alike in addition to the
//! public roots. Nothing here turns verification off.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::sync::Arc;

/// Why extra CA certificates cannot be used (the profile reports it as `profile.bad_ca`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CaError(pub String);

/// The certificates of a PEM bundle; an empty or unreadable bundle is an error, not "trust nothing extra".
pub fn parse_pem(pem: &str) -> Result<Vec<CertificateDer<'static>>, CaError> {
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CaError(e.to_string()))?;
    if certs.is_empty() {
        return Err(CaError("no CERTIFICATE block in the PEM".into()));
    }
    Ok(certs)
}

/// A rustls client configuration trusting the public roots and `extra`.
pub fn client_config(
    extra: &[CertificateDer<'static>],
) -> Result<Arc<rustls::ClientConfig>, CaError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for c in extra {
        roots.add(c.clone()).map_err(|e| CaError(e.to_string()))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| CaError(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_without_certificates_is_refused_with_the_profile_code() {
        let e = parse_pem("not a certificate").unwrap_err();
        assert_eq!(
            crate::profile::ProfileError::from(e).code(),
            "profile.bad_ca"
        );
        let e =
            parse_pem("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n").unwrap_err();
        assert_eq!(
            crate::profile::ProfileError::from(e).code(),
            "profile.bad_ca"
        );
    }
}
