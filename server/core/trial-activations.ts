/** Trials: one per machine and product, started online or offline, read and managed by administrators. */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { ProductEntity, TrialActivationEntity, type ProductRow, type TrialActivationRow } from "../db/index.js";
import { machineFields, type ActivationRequest } from "./activate-machine.js";
import { retryOnceOnDuplicate } from "./activate-license.js";
import { addSeconds, unixSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentTrialActivation } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { machineKeyOf } from "./keys.js";
import { buildActivationMetadata } from "./metadata.js";
import type { TrialActivation } from "./model.js";
import { readOfflineRequest } from "./read-offline-request.js";
import { toTrialActivation } from "./records.js";
import { enforceGuards, productGuard, releaseVersionGuard, type Guard } from "./rules/activation-guards.js";
import { signClaims, trialClaims, type TokenExtras } from "./sign-activation-token.js";

export type TrialActivationRequest = Omit<ActivationRequest, "key" | "userId" | "leaseDuration" | "meterAttributes">;

/** The trial policy's own VM / container rules (the license ones do not apply to trials). */
const trialGuards: readonly Guard[] = [
  releaseVersionGuard,
  productGuard,
  { code: "TRIAL_NOT_ALLOWED", applies: ({ product }) => !product?.trialPolicy },
  { code: "VM_ACTIVATION_NOT_ALLOWED", applies: ({ product, request }) => !!request.vmName && !product?.trialPolicy?.allowVmActivation },
  { code: "CONTAINER_ACTIVATION_NOT_ALLOWED", applies: ({ product, request }) => request.container === true && !product?.trialPolicy?.allowContainerActivation },
];

/** Starts (or resumes) the machine's trial. @see openapi/v3.yaml createTrialActivation */
export async function createTrialActivation(core: Core, request: TrialActivationRequest): Promise<{ trialActivation: TrialActivation; activationToken: string }> {
  const { product, trial } = await startTrial(core, request, false);
  return { trialActivation: toTrialActivation(trial), activationToken: await signTrial(core, product, trial) };
}

/** Starts the trial of an offline machine from its request. @see openapi/v3.yaml createOfflineTrialActivation */
export async function createOfflineTrialActivation(
  core: Core,
  input: { offlineRequest: string; responseValidity: number; productId: string; accountId: string },
): Promise<{ offlineResponse: string; trialActivation: TrialActivation }> {
  const payload = await readOfflineRequest(input.offlineRequest, input.productId, "activation");
  const { product, trial } = await startTrial(core, { ...payload, productId: input.productId, accountId: input.accountId, ipAddress: null }, true);
  const orv = unixSeconds(core.now()) + input.responseValidity;
  return { offlineResponse: await signTrial(core, product, trial, { orv, offline: true }), trialActivation: toTrialActivation(trial) };
}

async function startTrial(core: Core, request: TrialActivationRequest, offline: boolean): Promise<{ product: ProductRow; trial: TrialActivationRow }> {
  return retryOnceOnDuplicate(() =>
    core.db.transaction(async (tx) => {
      const now = core.now();
      const product = await tx.findOneBy(ProductEntity, { id: request.productId });
      enforceGuards(trialGuards, { product, license: null, request, now });
      return { product: product!, trial: await findOrInsertTrial(tx, product!, request, now, offline) };
    }),
  );
}

/** The same machine gets its running trial back (never restarted); an ended one is TRIAL_ACTIVATION_LIMIT_REACHED. */
async function findOrInsertTrial(tx: EntityManager, product: ProductRow, request: TrialActivationRequest, now: Date, offline: boolean): Promise<TrialActivationRow> {
  const policy = product.trialPolicy!;
  const machineKey = machineKeyOf(request.fingerprint, policy.fingerprintMatchingStrategy === "exact" ? "exact" : "fuzzy");
  const existing = await tx.findOneBy(TrialActivationEntity, { productId: product.id, machineKey });
  if (existing && existing.expiresAt.getTime() <= now.getTime()) throw new DomainError("TRIAL_ACTIVATION_LIMIT_REACHED");
  if (existing) return existing;
  const { userId: _userId, ...fields } = machineFields(request);
  const trial: TrialActivationRow = {
    id: randomUUID(), accountId: product.accountId, productId: product.id, fingerprint: request.fingerprint, machineKey,
    userHash: request.userHash, os: request.os, ...fields, offline, metadata: buildActivationMetadata(request.metadata ?? [], now),
    expiresAt: addSeconds(now, policy.trialLength * 86_400), createdAt: now, updatedAt: now,
  };
  await tx.insert(TrialActivationEntity, trial as never);
  await recordEvent(tx, { accountId: product.accountId, type: "trialActivation.created", data: presentTrialActivation(toTrialActivation(trial)), at: now });
  return trial;
}

function signTrial(core: Core, product: ProductRow, trial: TrialActivationRow, extras?: TokenExtras): Promise<string> {
  return signClaims(product, trialClaims(product, trial, core.now()), extras);
}
