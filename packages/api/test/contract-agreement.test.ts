// The lists the contract repeats from packages that run only on node (it must load in a browser):
// each must stay equal to its source, or the api would document and accept other values than the
// ledger and the matching engine use.
import {
  accountStatuses as contractAccountStatuses,
  costPartNames as contractCostPartNames,
  exclusionRules as contractExclusionRules,
  ledgerRejectionCodes,
  roles as contractRoles,
  unitCodePattern,
} from '@linli/contract';
import { accountStatuses, isUnitCode, rejectionCodes } from '@linli/ledger';
import { costPartNames, exclusionRules } from '@linli/matching';
import { describe, expect, it } from 'vitest';
import { roles } from '../src/auth/roles.js';
import { apiErrors, ledgerRejectionStatus } from '../src/http-errors.js';

describe('the contract agrees with the ledger and the matching engine', () => {
  it('lists the ledger’s rejection codes and account states', () => {
    expect([...ledgerRejectionCodes]).toEqual([...rejectionCodes]);
    expect([...contractAccountStatuses]).toEqual([...accountStatuses]);
  });

  it('lists the matching engine’s cost parts and exclusion rules', () => {
    expect([...contractCostPartNames]).toEqual([...costPartNames]);
    expect([...contractExclusionRules]).toEqual([...exclusionRules]);
  });

  it('accepts the unit codes the ledger accepts, and no other', () => {
    const samples = [
      'HOUR',
      'POINTS',
      'CNY',
      'ITEM:rice-5kg',
      'ITEM:a',
      'hour',
      'ITEM:',
      'ITEM:Rice',
      'A'.repeat(16),
      'A'.repeat(17),
      `ITEM:${'a'.repeat(63)}`,
      `ITEM:${'a'.repeat(64)}`,
      '',
      '1HOUR',
      'HOUR ',
      'ITEM:-x',
    ];
    for (const sample of samples) expect(unitCodePattern.test(sample), sample).toBe(isUnitCode(sample));
  });

  it('is the api’s own list of roles, and gives every api code a status', () => {
    expect(roles).toBe(contractRoles);
    expect(apiErrors.route_not_found.status).toBe(404);
    expect(ledgerRejectionStatus('account_not_found')).toBe(404);
  });
});
