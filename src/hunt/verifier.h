// Verifier: the last check before a finding is shown or recorded. The model is never trusted
// with facts it cannot show:
//  - ATT&CK: the mapping is checked against the catalog (attack/mapping_check.h); names are made
//    canonical, a revoked id is replaced, an unknown or deprecated id makes the finding
//    unverified.
//  - Evidence: every cited evidence id must exist; every log line must be made of values of one
//    evidence row or group (reformatting and elision are fine, invented values are not); every
//    IOC and every host entity must occur in the evidence as a whole token.
//  - A finding citing nothing, or anything not in the evidence, is marked unverified and its
//    confidence capped at Low, with a note per problem.
//
// Thread-safety: a Verifier only reads the catalog and evidence it was given (which must outlive
// it); Verify() is const and safe to call concurrently.
#pragma once

#include <string_view>
#include <vector>

#include "attack/catalog.h"
#include "hunt/evidence.h"
#include "hunt/finding.h"

namespace quarry::hunt {

class Verifier {
 public:
  Verifier(const attack::Catalog& catalog, const Evidence& evidence)
      : catalog_(catalog), evidence_(evidence) {}

  // Returns `finding` checked: mitre made canonical, verified set, verification_notes appended,
  // confidence capped at Low when unverified.
  Finding Verify(Finding finding) const;
  std::vector<Finding> VerifyAll(std::vector<Finding> findings) const;

  // Exposed for tests and for the condenser's own checks.
  bool LineInEvidence(std::string_view line) const;
  bool ValueInEvidence(std::string_view value) const;

 private:
  const attack::Catalog& catalog_;
  const Evidence& evidence_;
};

}  // namespace quarry::hunt
