// Who someone is to the workspace, by their Feishu open_id: an admin, a unit's contact or deputy, a
// unit's leader, or nobody we know.
import type { Db } from "../platform/db/client.ts";

export type Role = "admin" | "contact" | "deputy" | "leader";

export interface Actor {
  readonly openId: string;
  readonly name: string | null;
  readonly isAdmin: boolean;
  /** units this person may report for (as contact or deputy) */
  readonly reportsFor: readonly { readonly unitId: string; readonly unitName: string }[];
  /** units this person leads */
  readonly leads: readonly { readonly unitId: string; readonly unitName: string }[];
  readonly isKnown: boolean;
}

export async function findActor(db: Db, workspaceId: string, openId: string): Promise<Actor> {
  return actorOf(openId, await db.person.findMany({ where: { workspaceId, openId }, include: { unit: true } }));
}

/** The actor from the person rows that carry this open_id (with their units). */
export function actorOf(openId: string, people: readonly { name: string; role: string; unit: { id: string; name: string } | null }[]): Actor {
  const unitsOf = (roles: readonly Role[]) =>
    people.filter((person) => roles.includes(person.role as Role) && person.unit).map((person) => ({ unitId: person.unit!.id, unitName: person.unit!.name }));
  return {
    openId,
    name: people[0]?.name ?? null,
    isAdmin: people.some((person) => person.role === "admin"),
    reportsFor: unitsOf(["contact", "deputy"]),
    leads: unitsOf(["leader"]),
    isKnown: people.length > 0,
  };
}

export interface PersonRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly unitId: string | null;
  readonly openId: string | null;
  readonly mobile: string | null;
  readonly email: string | null;
}

export async function listPeople(db: Db, workspaceId: string, roles?: readonly Role[]): Promise<PersonRecord[]> {
  const rows = await db.person.findMany({ where: { workspaceId, ...(roles ? { role: { in: [...roles] } } : {}) }, orderBy: { name: "asc" } });
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role as Role, unitId: row.unitId, openId: row.openId, mobile: row.mobile, email: row.email }));
}

/** Binds a Feishu identity to a person (found by mobile or email at start, or named by an admin). */
export async function setOpenId(db: Db, personId: string, openId: string): Promise<void> {
  await db.person.update({ where: { id: personId }, data: { openId } });
}

/**
 * Makes the person the unit's contact (deputy, leader): the unit's row for that role is updated or
 * created. The same person may hold the role for several units.
 */
export async function bindContact(db: Db, workspaceId: string, unitId: string, person: { name: string; openId: string | null; mobile: string | null; email: string | null }, role: "contact" | "deputy" | "leader" = "contact"): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.person.findFirst({ where: { workspaceId, unitId, role } });
    const data = { name: person.name, openId: person.openId, mobile: person.mobile, email: person.email };
    if (current) await tx.person.update({ where: { id: current.id }, data });
    else await tx.person.create({ data: { workspaceId, unitId, role, ...data } });
  });
}
