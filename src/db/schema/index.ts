// One file per area; every table is exported from here (drizzle-kit reads this file).
export * from './accounts';
export * from './auth';
export * from './jobs';
export * from './materials';
export * from './personal-center';
export * from './production';
export * from './schools';
export * from './security';
