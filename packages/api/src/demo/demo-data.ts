// The demo community: 仙林街道仙林社区 in Nanjing, with an account for every role, a few volunteers
// and a few households. All names, phone numbers and addresses are invented.
import type { Role } from '../auth/roles.js';
import type { HouseholdPersonal } from '../workflows/household-personal.js';

export const demoCommunity = { id: 'xianlin', name: '仙林街道仙林社区' } as const;

/** Published in the README and printed at start, which is why demo accounts work only in demo mode. */
export const demoPassword = 'demo-linli-2026';

export interface DemoPerson {
  username: string;
  displayName: string;
  role: Role;
  phone?: string;
  languages?: string[];
  skills?: string[];
}

export const demoPeople: readonly DemoPerson[] = [
  { username: 'admin', displayName: '社区管理员', role: 'admin' },
  { username: 'coordinator', displayName: '刘社工', role: 'coordinator' },
  { username: 'staff', displayName: '陈姐（慈善超市）', role: 'staff' },
  { username: 'auditor', displayName: '周会计（社区基金会）', role: 'auditor' },
  {
    username: 'member',
    displayName: '张小明',
    role: 'member',
    phone: '13800000001',
    languages: ['zh', 'en'],
    skills: ['tutoring', 'computers'],
  },
  {
    username: 'wang-ayi',
    displayName: '王阿姨',
    role: 'member',
    phone: '13800000002',
    languages: ['zh', 'wuu'],
    skills: ['cooking', 'companionship'],
  },
  {
    username: 'li-shifu',
    displayName: '李师傅',
    role: 'member',
    phone: '13800000003',
    languages: ['zh'],
    skills: ['repairs', 'electrical'],
  },
  { username: 'zhao-daye', displayName: '赵大爷', role: 'member', languages: ['zh'], skills: ['escort', 'chess'] },
];

export const demoHouseholds: readonly HouseholdPersonal[] = [
  { name: '孙奶奶', phone: '13800000011', address: '仙林社区 3栋2单元 501', size: 1, notes: '独居老人，行动不便' },
  { name: '钱先生', phone: '13800000012', address: '仙林社区 7栋1单元 202', size: 4, idNumber: 'DEMO-0002' },
  { name: '吴女士', address: '仙林社区 12栋3单元 303', size: 2, notes: '低保家庭' },
];
