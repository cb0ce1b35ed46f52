// Demo service needs and volunteer profiles for the demo community: every demo member can browse
// nearby needs, and a coordinator can run matching on open needs at once. Fixed ids (the
// idempotency keys below), so seeding twice adds nothing.
import type { Principal } from '../auth/roles.js';
import type { DemoPeople, SeedDeps } from '../demo/seed-types.js';
import { createNeed, type NeedInput } from './needs.js';
import { upsertVolunteerProfile, type VolunteerProfileInput } from './volunteer-profiles.js';

const everyDay = ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60 }));

/** Profiles by the members' order in the demo data: 张小明, 王阿姨, 李师傅, 赵大爷. */
const profiles: readonly VolunteerProfileInput[] = [
  {
    skills: [
      { skill: 'tutoring', level: 3 },
      { skill: 'computers', level: 2 },
    ],
    certificates: [],
    gridCell: '仙林社区第1网格',
    place: { eastM: 0, northM: 0 },
    travelRadiusM: 3_000,
    weeklyAvailability: everyDay,
    weeklyHourCap: '10.00',
  },
  {
    skills: [
      { skill: 'cooking', level: 3 },
      { skill: 'companionship', level: 3 },
    ],
    certificates: [{ name: '健康证', expiresOn: '2027-12-31' }],
    gridCell: '仙林社区第2网格',
    place: { eastM: 600, northM: 200 },
    travelRadiusM: 2_000,
    weeklyAvailability: everyDay,
    weeklyHourCap: '8.00',
  },
  {
    skills: [
      { skill: 'repairs', level: 3 },
      { skill: 'electrical', level: 2 },
    ],
    certificates: [{ name: '电工证', expiresOn: '2028-06-30' }],
    gridCell: '仙林社区第3网格',
    place: { eastM: -800, northM: 500 },
    travelRadiusM: 4_000,
    weeklyAvailability: everyDay,
    weeklyHourCap: '6.00',
  },
  {
    skills: [
      { skill: 'escort', level: 2 },
      { skill: 'chess', level: 3 },
    ],
    certificates: [],
    gridCell: '仙林社区第1网格',
    place: { eastM: 200, northM: -300 },
    travelRadiusM: 1_500,
    weeklyAvailability: everyDay,
    weeklyHourCap: '4.00',
  },
];

/** China Standard Time: the demo's needs fall at 09:00 or 14:00 local time, some days ahead. */
function localWindow(now: Date, daysAhead: number, startHour: number, hours: number): { start: string; end: string } {
  const offsetMs = 8 * 3_600_000;
  const localMidnight = Math.floor((now.getTime() + offsetMs) / 86_400_000) * 86_400_000 - offsetMs;
  const start = localMidnight + daysAhead * 86_400_000 + startHour * 3_600_000;
  return { start: new Date(start).toISOString(), end: new Date(start + hours * 3_600_000).toISOString() };
}

export async function seedDemoNeeds(deps: SeedDeps, people: DemoPeople): Promise<{ needs: number; volunteers: number }> {
  const community = 'xianlin';
  const now = deps.now();
  const members = people.members;
  for (const [index, member] of members.entries()) {
    const profile = profiles[index % profiles.length];
    if (profile !== undefined) await upsertVolunteerProfile(deps.knex, community, member.id, profile, now);
  }
  const elder = members[3]?.id ?? members[0]?.id;
  const aunt = members[1]?.id ?? members[0]?.id;
  const coordinator: Principal = { userId: people.coordinator, role: 'coordinator', community, tokenId: 'seed' };
  const base: Pick<NeedInput, 'certificates' | 'languages' | 'slots'> = { certificates: [], languages: ['zh'], slots: 1 };
  const needs: (NeedInput & { key: string })[] = [
    {
      ...base,
      key: 'demo-need-1',
      title: '陪伴独居老人聊天散步 Companionship walk',
      requester: elder,
      payer: 'requester',
      skills: ['companionship'],
      gridCell: '仙林社区第1网格',
      place: { eastM: 300, northM: 100 },
      address: '仙林社区 3栋 2单元 501',
      window: localWindow(now, 1, 9, 3),
      hoursPerSlot: '2.00',
      urgency: 3,
    },
    {
      ...base,
      key: 'demo-need-2',
      title: '修理厨房电灯 Fix a kitchen light',
      requester: aunt,
      payer: 'requester',
      skills: ['repairs'],
      gridCell: '仙林社区第2网格',
      place: { eastM: 700, northM: 300 },
      address: '仙林社区 8栋 1单元 302',
      window: localWindow(now, 2, 14, 4),
      hoursPerSlot: '1.50',
      urgency: 4,
    },
    {
      ...base,
      key: 'demo-need-3',
      title: '辅导小学生数学 Maths tutoring',
      requester: elder,
      payer: 'requester',
      skills: ['tutoring'],
      gridCell: '仙林社区第1网格',
      place: { eastM: -100, northM: 200 },
      window: localWindow(now, 3, 14, 3),
      hoursPerSlot: '2.00',
      urgency: 2,
      slots: 1,
    },
    {
      ...base,
      key: 'demo-need-4',
      title: '社区助餐点帮厨 Community canteen helpers',
      payer: 'pool',
      skills: ['cooking'],
      gridCell: '仙林社区第2网格',
      place: { eastM: 500, northM: 0 },
      window: localWindow(now, 4, 9, 4),
      hoursPerSlot: '0.50',
      urgency: 2,
      slots: 2,
    },
    {
      ...base,
      key: 'demo-need-5',
      title: '陪同就医 Hospital escort',
      requester: elder,
      payer: 'requester',
      skills: ['escort'],
      gridCell: '仙林社区第1网格',
      place: { eastM: 100, northM: -200 },
      address: '仙林社区 5栋 1单元 101',
      window: localWindow(now, 5, 9, 4),
      hoursPerSlot: '3.00',
      urgency: 5,
    },
  ];
  for (const { key, ...need } of needs) await createNeed(deps, coordinator, need, key);
  return { needs: needs.length, volunteers: members.length };
}
