// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SwiftASN1

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }` (RFC 5280).
struct AlgorithmIdentifier: DERParseable {

    let algorithm: ASN1ObjectIdentifier
    let parameters: ASN1Any?

    init(algorithm: ASN1ObjectIdentifier, parameters: ASN1Any?) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    init(derEncoded rootNode: ASN1Node) throws {
        self = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let algorithm = try ASN1ObjectIdentifier(derEncoded: &nodes)
            let parameters = nodes.next().map(ASN1Any.init(derEncoded:))
            return AlgorithmIdentifier(algorithm: algorithm, parameters: parameters)
        }
    }

}

/// `EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }`
/// (RFC 5958).
struct EncryptedPrivateKeyInfo: DERParseable {

    let algorithm: AlgorithmIdentifier
    let encryptedData: ASN1OctetString

    init(derEncoded rootNode: ASN1Node) throws {
        (self.algorithm, self.encryptedData) = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            (try AlgorithmIdentifier(derEncoded: &nodes), try ASN1OctetString(derEncoded: &nodes))
        }
    }

}

/// `PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }`
/// (RFC 8018, A.4).
struct PBES2Parameters: DERParseable {

    let keyDerivation: AlgorithmIdentifier
    let encryption: AlgorithmIdentifier

    init(derEncoded rootNode: ASN1Node) throws {
        (self.keyDerivation, self.encryption) = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            (try AlgorithmIdentifier(derEncoded: &nodes), try AlgorithmIdentifier(derEncoded: &nodes))
        }
    }

}

/// `PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
/// prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }` (RFC 8018, A.2; the `otherSource` choice of salt is not used).
struct PBKDF2Parameters: DERParseable {

    let salt: ASN1OctetString
    let iterations: Int
    let keyLength: Int?
    let pseudoRandomFunction: ASN1ObjectIdentifier

    init(derEncoded rootNode: ASN1Node) throws {
        self = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let salt = try ASN1OctetString(derEncoded: &nodes)
            let iterations = try Int(derEncoded: &nodes)
            // keyLength INTEGER OPTIONAL, then prf AlgorithmIdentifier DEFAULT hmacWithSHA1 (accepted when encoded
            // explicitly, as some writers do); nothing else, in that order (DER.sequence refuses what is left).
            var next = nodes.next()
            var keyLength: Int?
            if let node = next, node.identifier == .integer {
                keyLength = try Int(derEncoded: node)
                next = nodes.next()
            }
            var function = PBES2Scheme.hmacWithSHA1
            if let node = next {
                let identifier = try AlgorithmIdentifier(derEncoded: node)
                let null = try ASN1Any(erasing: ASN1Null())
                guard identifier.parameters.map({ $0 == null }) ?? true else {
                    throw ASN1Error.invalidASN1Object(reason: "PBKDF2 prf with parameters")
                }
                function = identifier.algorithm
            }
            return PBKDF2Parameters(salt: salt, iterations: iterations, keyLength: keyLength, function: function)
        }
    }

    private init(salt: ASN1OctetString, iterations: Int, keyLength: Int?, function: ASN1ObjectIdentifier) {
        self.salt = salt
        self.iterations = iterations
        self.keyLength = keyLength
        self.pseudoRandomFunction = function
    }

}
