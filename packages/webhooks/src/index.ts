/**
 * `@wbrules/webhooks` — check the `X-Wandb-Signature` of W&B automation
 * webhooks: base64 of the HMAC-SHA256 of the exact body bytes, keyed with the
 * webhook's secret. Browser- and edge-safe: WebCrypto only, no dependencies.
 */
export {
  type SignatureExplanation,
  type SignatureMistake,
  explainWandbSignature,
  signatureMistakeMessages,
  validSignatureMessage,
} from './explain-wandb-signature.js';
export { signWandbBody, type WandbBody, type WandbSecret, wandbSignatureHeader } from './sign-wandb-body.js';
export { verifyWandbSignature } from './verify-wandb-signature.js';
