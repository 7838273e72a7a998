/**
 * A refusal that exists only in LicenseSpring's wire protocol (its HMAC scheme, its offline envelope), with the
 * status and code the v4 contract documents. Licensing facts are DomainErrors and go through v4's error table.
 */
export class V4Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "V4Error";
  }
}
