// TLS material for `quarry serve`: a self-signed certificate for localhost / 127.0.0.1 / ::1
// (ECDSA P-256, valid one year), created on first start in <workspace>/server/ and reused after;
// the private key file is mode 0600. Its SHA-256 fingerprint is printed so a client can pin it
// or trust the file (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, ...). Thread-compatible.
#pragma once

#include <string>

#include "common/status.h"

namespace quarry::server {

struct TlsFiles {
  std::string cert_path;
  std::string key_path;
  bool generated = false;  // created now rather than reused
};

// Reuses <dir>/tls-cert.pem and <dir>/tls-key.pem, or creates them.
Result<TlsFiles> EnsureSelfSignedCertificate(const std::string& dir);

// "AB:CD:..." — the SHA-256 fingerprint of the PEM certificate at `cert_path`.
Result<std::string> CertificateFingerprint(const std::string& cert_path);

}  // namespace quarry::server
