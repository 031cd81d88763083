/**
 * The certificate and key of `--tls-cert` / `--tls-key` (SPEC §8), read and checked at start-up so a wrong
 * file is a clear message and exit code 2 rather than a server no client can talk to.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as tls from 'node:tls';

/** TLS 1.0 and 1.1 are broken and deprecated (RFC 8996). */
export const MIN_TLS_VERSION = 'TLSv1.2';

export interface ServerTls { cert: Buffer; key: Buffer }

export class TlsConfigError extends Error {}

function readPem(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new TlsConfigError(`Cannot read the TLS ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** Reads and checks the pair: both given, PEM, and the key belongs to the certificate. */
export function loadServerTls(certFile: string | undefined, keyFile: string | undefined): ServerTls | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new TlsConfigError('--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP.');
  const cert = readPem(certFile, 'certificate');
  const key = readPem(keyFile, 'key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new TlsConfigError(`${certFile} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----).`);
  }
  try {
    tls.createSecureContext({ cert, key, minVersion: MIN_TLS_VERSION });
  } catch (err) {
    const reason = (err as Error).message;
    if (/mismatch/i.test(reason)) throw new TlsConfigError(`${keyFile} is not the key of the certificate ${certFile} (${x509.subject.replace(/\n/g, ', ')}).`);
    throw new TlsConfigError(`${keyFile} is not a usable PEM private key for ${certFile}.`);
  }
  return { cert, key };
}
