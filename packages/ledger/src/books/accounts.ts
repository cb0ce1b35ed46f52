// The chart of accounts every community uses: one function per account id, so ids are never typed by hand.

export const accountIds = {
  /** Hours in circulation show as this account's negative balance. */
  hourIssuance: 'hours/issuance',
  /** Donated hours, drawn by those in need. */
  hourPool: 'hours/pool',
  memberHours: (member: string) => `member/${member}/hours`,
  /** Hours sent to or received from another community, per counterpart (通存通兑). */
  hourClearing: (otherCommunity: string) => `clearing/${otherCommunity}/hours`,

  pointIssuance: 'points/issuance',
  pointsRedeemed: 'points/redeemed',
  householdPoints: (household: string) => `household/${household}/points`,

  stock: (store: string, item: string) => `store/${store}/stock/${item}`,
  /** Goods given in kind, per item: the negative balance is all that was ever donated. */
  inKindIncome: (item: string) => `income/in-kind/${item}`,
  distributed: (item: string) => `distributed/${item}`,
  stockVariance: (store: string, item: string) => `store/${store}/variance/${item}`,

  /** Cash given, per fund: the negative balance is all that was ever donated to it. */
  cashIncome: (fund: string) => `income/cash/${fund}`,
  fund: (fund: string) => `fund/${fund}`,
  projectSpending: (fund: string, project: string) => `fund/${fund}/spent/${project}`,
} as const;
