// The committed test PKI (made by make-pki.sh, valid for 100 years): a CA, the serving certificate for
// 127.0.0.1/localhost, and client certificates for lab-admin (system:masters) and lab-viewer.
import * as fs from 'node:fs';
import { fixturePath } from './fixtures';

export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  viewerCert: string;
  viewerKey: string;
}

let cached: Pki | undefined;

export function loadPki(): Pki {
  if (cached) return cached;
  const read = (name: string): string => fs.readFileSync(fixturePath('pki', name), 'utf8');
  cached = {
    caCert: read('ca.crt'),
    serverCert: read('server.crt'),
    serverKey: read('server.key'),
    adminCert: read('admin.crt'),
    adminKey: read('admin.key'),
    viewerCert: read('viewer.crt'),
    viewerKey: read('viewer.key'),
  };
  return cached;
}
