/**
 * The crash test's load: parallel workers send v3 activations, v3 deactivations and v4 `activate_license` calls
 * against licenses with small limits, and record what each answer acknowledged. A request that got no answer (the
 * server was killed under it) may or may not have taken effect, so it is kept apart as "unknown".
 */
import type { components } from "../../generated/v3.js";
import { createV3Client, type V3Client } from "../../client/v3.js";
import { createV4Client, type V4Client } from "../../client/v4.js";
import { validateResponses, type ContractViolation } from "../../client/validate-responses.js";
import { verifyActivationToken } from "../../client/verify-v3.js";
import { activationRequest } from "../support/api.js";
import { loadSpec } from "../support/spec.js";
import { dated } from "../v4/features-setup.js";

type Machine = components["schemas"]["ActivationRequest"];

export type Outcome = "acknowledged" | "refused" | "unknown";

export interface SentRequest {
  kind: "activate" | "deactivate" | "activate-v4";
  licenseId: string;
  /** Unique per machine: how the machine is found in activation lists and webhook events (which never show fingerprints). */
  hostname: string;
  /** The activation created (the activation token's `aid`) or the one deactivated; unknown for v4. */
  activationId?: string;
  outcome: Outcome;
}

export interface LoadTarget {
  baseUrl: string;
  accountId: string;
  product: { id: string; publicKey: string; shortCode: string };
  licenses: { id: string; key: string }[];
  /** A License API key of the account, for the v4 calls. */
  apiKey: { apiKey: string; sharedKey: string };
}

type Settled = Pick<SentRequest, "outcome" | "activationId">;

/** A request still unanswered after this long counts as lost (and is a surprise unless the server was killed). */
const requestTimeoutMs = 20_000;

/** `fetch` that gives up after `ms`: a hung server ends the run instead of the test's time budget. */
function fetchWithin(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) });
}

/** The mix the workers cycle through; a deactivation with nothing left to deactivate activates instead. */
const plan = ["activate", "activate-v4", "deactivate", "activate"] as const;

export class ActivationLoad {
  readonly sent: SentRequest[] = [];
  /** Answers that are neither a success nor a documented refusal, contract violations, and failures nobody caused. */
  readonly surprises: string[] = [];
  private readonly v3: V3Client;
  private readonly v4: V4Client;
  /** Acknowledged v3 activations no deactivation has been sent for, oldest first. */
  private readonly deactivatable: { licenseId: string; activationId: string; machine: Machine }[] = [];
  private steps = 0;
  private killed = false;

  constructor(private readonly target: LoadTarget) {
    const onViolation = (violation: ContractViolation) => this.surprises.push(violation.message);
    const common = { baseUrl: target.baseUrl, fetch: fetchWithin(requestTimeoutMs) };
    this.v3 = createV3Client({ ...common, middleware: [validateResponses(loadSpec("v3"), { onViolation })] });
    this.v4 = createV4Client({ ...common, ...target.apiKey, middleware: [validateResponses(loadSpec("v4"), { onViolation })] });
  }

  /**
   * `workers` loops send requests until `answers` of them were answered; then `kill` (if given) runs at once, while
   * the other workers' requests are still in flight. At most 4 × `answers` requests are sent, so a server that stops
   * answering ends the run too.
   */
  async run(answers: number, options: { workers: number; kill?: () => void }): Promise<void> {
    let answered = 0;
    let sent = 0;
    this.killed = false;
    const work = async () => {
      while (answered < answers && sent < answers * 4) {
        sent += 1;
        if ((await this.sendNext()) === "unknown") continue;
        answered += 1;
        if (answered < answers || !options.kill) continue;
        this.killed = true;
        options.kill();
      }
    };
    await Promise.all(Array.from({ length: options.workers }, work));
  }

  private sendNext(): Promise<Outcome> {
    const step = this.steps++;
    const license = this.target.licenses[Math.floor(step / plan.length) % this.target.licenses.length]!;
    const kind = plan[step % plan.length]!;
    if (kind === "activate-v4") return this.activateV4(license);
    const target = kind === "deactivate" ? this.deactivatable.shift() : undefined;
    return target ? this.deactivate(target) : this.activate(license);
  }

  private activate(license: { id: string; key: string }): Promise<Outcome> {
    const { product, accountId } = this.target;
    const machine = activationRequest({ key: license.key, productId: product.id }, accountId);
    return this.record(
      { kind: "activate", licenseId: license.id, hostname: machine.hostname },
      () => this.v3.POST("/v3/activations", { body: machine }),
      async ({ data, error, response }) => {
        if (response.status !== 201) return this.refusal(error?.code === "ACTIVATION_LIMIT_REACHED", `activate → ${response.status} ${JSON.stringify(error)}`);
        const { aid } = await verifyActivationToken(data!.activationToken, product.publicKey, { fingerprint: machine.fingerprint });
        this.deactivatable.push({ licenseId: license.id, activationId: aid, machine });
        return { outcome: "acknowledged", activationId: aid };
      },
    );
  }

  private deactivate({ licenseId, activationId, machine }: ActivationLoad["deactivatable"][number]): Promise<Outcome> {
    const { productId, accountId, fingerprint, userHash, os } = machine;
    return this.record(
      { kind: "deactivate", licenseId, hostname: machine.hostname, activationId },
      () => this.v3.POST("/v3/activations/{id}/deactivate", { params: { path: { id: activationId } }, body: { productId, accountId, fingerprint, userHash, os } }),
      ({ error, response }) =>
        response.status === 200
          ? { outcome: "acknowledged", activationId }
          : this.refusal(error?.code === "DEACTIVATION_LIMIT_REACHED", `deactivate → ${response.status} ${JSON.stringify(error)}`),
    );
  }

  private activateV4(license: { id: string; key: string }): Promise<Outcome> {
    const hardwareId = `HW-${license.id.slice(0, 8)}-${this.steps}`;
    const body = { license_key: license.key, product: this.target.product.shortCode, hardware_id: hardwareId, hostname: hardwareId };
    return this.record(
      { kind: "activate-v4", licenseId: license.id, hostname: hardwareId },
      () => this.v4.POST("/api/v4/activate_license", { ...dated, body }),
      ({ error, response }) =>
        response.status === 200
          ? { outcome: "acknowledged" }
          : this.refusal(error?.code === "license_activated_max_times", `activate_license → ${response.status} ${JSON.stringify(error)}`),
    );
  }

  /** A documented refusal, or a surprise (recorded) that the test fails on. */
  private refusal(documented: boolean, answer: string): Settled {
    if (!documented) this.surprises.push(answer);
    return { outcome: "refused" };
  }

  /**
   * Sends one request and records its outcome as `judge` reads the answer. No answer at all is "unknown", and a
   * surprise unless the server was killed.
   */
  private async record<Answer>(request: Omit<SentRequest, "outcome">, send: () => Promise<Answer>, judge: (answer: Answer) => Settled | Promise<Settled>): Promise<Outcome> {
    let answer: Answer;
    try {
      answer = await send();
    } catch (error) {
      if (!this.killed) this.surprises.push(`${request.kind} got no answer: ${String(error)}`);
      this.sent.push({ ...request, outcome: "unknown" });
      return "unknown";
    }
    const settled = await judge(answer);
    this.sent.push({ ...request, ...settled });
    return settled.outcome;
  }
}
