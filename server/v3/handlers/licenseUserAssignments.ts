/** The users of a license (`/v3/licenses/{id}/users`): v3's `allowedActivations` is the core's `maxActivations`. */
import { assignLicenseUser as assign, listLicenseAssignments, unassignLicenseUser as unassign, updateLicenseAssignment, type Allowance } from "../../core/index.js";
import type { AnyHandler } from "../../http/handler.js";
import { accountOf, type V3Context } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentLicenseUserAssignment } from "../present.js";
import { paginated, type ListQuery } from "./resource.js";

function allowanceOf(body: { allowedActivations?: number; allowUnlimitedActivations?: boolean }): Allowance {
  return { maxActivations: body.allowedActivations, allowUnlimitedActivations: body.allowUnlimitedActivations };
}

/** Untyped like the other lists (resource.ts): the pagination reply is shared by every list operation. */
export const listLicenseUserAssignments: AnyHandler<V3Context> = async (input, context) => {
  const query = input.query as ListQuery;
  return paginated(query, await listLicenseAssignments(context.core, accountOf(context), String(input.path.id), query), presentLicenseUserAssignment);
};

export const assignLicenseUser = v3Handler<"assignLicenseUser">(async (input, context) => {
  const assignment = await assign(context.core, accountOf(context), input.path.id, { userId: input.body.userId, ...allowanceOf(input.body) });
  return { status: 201, body: presentLicenseUserAssignment(assignment) };
});

export const updateLicenseUserAssignment = v3Handler<"updateLicenseUserAssignment">(async (input, context) => {
  const assignment = await updateLicenseAssignment(context.core, accountOf(context), input.path.id, input.path.userId, allowanceOf(input.body));
  return { status: 200, body: presentLicenseUserAssignment(assignment) };
});

export const unassignLicenseUser = v3Handler<"unassignLicenseUser">(async (input, context) => {
  await unassign(context.core, accountOf(context), input.path.id, input.path.userId);
  return { status: 204, body: undefined };
});
