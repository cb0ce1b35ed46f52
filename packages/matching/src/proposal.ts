// A proposal: a volunteer suggested for a need, with every part of its cost and no address.

import { totalCost, type CostParts } from './cost.js';
import type { ServiceNeed, Volunteer } from './model.js';
import type { Interval } from './time.js';

export interface Proposal {
  readonly needId: string;
  readonly volunteerId: string;
  /** The need's community grid cell (网格): the only place shown before an assignment is confirmed. */
  readonly gridCell: string;
  /** Distance rounded to 100 m, so it cannot locate a door. */
  readonly distanceM: number;
  readonly window: Interval;
  readonly hoursPerSlot: string;
  readonly costParts: CostParts;
  readonly cost: number;
}

export function makeProposal(need: ServiceNeed, volunteer: Volunteer, distanceM: number, costParts: CostParts): Proposal {
  return {
    needId: need.id,
    volunteerId: volunteer.id,
    gridCell: need.gridCell,
    distanceM: Math.round(distanceM / 100) * 100,
    window: need.window,
    hoursPerSlot: need.hoursPerSlot,
    costParts,
    cost: totalCost(costParts),
  };
}
