import { count } from '../lib/plural.js';
import * as irm from '../features/irm/messages.js';
import * as admin from '../features/admin/messages.js';
import * as accounts from '../features/accounts/messages.js';
import * as monitoring from '../features/monitoring/messages.js';
import * as reports from '../features/reports/messages.js';
import * as repository from '../features/repository/messages.js';
import * as opendata from '../features/opendata/messages.js';
import * as ogp from '../features/ogp/messages.js';
import * as ingest from '../features/ingest/messages.js';
import * as authoring from '../features/authoring/messages.js';
import * as dashboard from '../features/dashboard/messages.js';
import * as elections from '../features/elections/messages.js';
import * as forum from '../features/forum/messages.js';
import * as meetings from '../features/meetings/messages.js';
import * as cocreation from '../features/cocreation/messages.js';
import * as openCalls from '../features/opencalls/messages.js';
import * as search from '../features/search/messages.js';
import * as members from '../features/members/messages.js';
import * as dashboards from '../features/dashboards/messages.js';
import * as api from '../features/api/messages.js';
import * as subscriptions from '../features/subscriptions/messages.js';
import * as news from '../features/news/messages.js';
import * as composition from '../features/forum/composition-messages.js';
import * as demo from '../features/demo/messages.js';
import type { Messages } from './index.js';

/** English. Must have every key of es.ts (the compiler checks) and no empty text (a test checks). */
export const en: Messages = {
  accounts: accounts.en,
  monitoring: monitoring.en,
  admin: admin.en,
  irm: irm.en,
  reports: reports.en,
  repository: repository.en,
  opendata: opendata.en,
  ogp: ogp.en,
  ingest: ingest.en,
  authoring: authoring.en,
  dashboard: dashboard.en,
  elections: elections.en,
  forum: forum.en,
  meetings: meetings.en,
  cocreation: cocreation.en,
  openCalls: openCalls.en,
  search: search.en,
  members: members.en,
  dashboards: dashboards.en,
  api: api.en,
  subscriptions: subscriptions.en,
  news: news.en,
  composition: composition.en,
  demo: demo.en,
  lang: { name: 'English', switchTo: 'Español', switchLabel: 'Change language:' },
  site: {
    name: 'Abierto',
    tagline: 'Open monitoring of Open Government action plans',
    skipToContent: 'Skip to content',
    mainNav: 'Main navigation',
    breadcrumb: 'Breadcrumb',
    home: 'Home',
    footer: 'Open data: everything published here can be downloaded.',
    api: 'Data API (JSON)',
    apiDocs: 'OpenAPI document',
  },
  status: {
    not_started: 'Not started',
    limited: 'Limited',
    substantial: 'Substantial',
    complete: 'Complete',
    not_reported: 'Not reported',
  },
  phase: {
    co_creation: 'Co-creation',
    implementation: 'Implementation',
    closed: 'Closed',
  },
  generation: { '2014': '2014–2018 template', '2019': '2019+ template' },
  home: {
    title: 'Action plans',
    intro: 'Open Government action plans: their commitments, milestones and progress, with who reported it.',
    empty: 'There are no action plans yet.',
    commitments: (n: number) => count('en', n, 'commitment', 'commitments'),
  },
  plan: {
    period: 'Period',
    phase: 'Phase',
    member: 'Member',
    commitments: 'Commitments',
    number: 'No.',
    commitment: 'Commitment',
    leadInstitution: 'Lead institution',
    completion: 'Completion (self-reported)',
    milestones: 'Milestones',
    delayed: 'Delayed',
    progress: 'Milestone progress',
    noCommitments: 'This plan has no commitments yet.',
    summary: 'Plan summary',
  },
  rollup: {
    heading: 'Progress computed from the milestones',
    figure: (percent: number, reported: number, total: number) =>
      `${percent}% progress, based on ${reported} of ${total} milestones reported`,
    none: (total: number) => (total === 0 ? 'No milestones' : `None of the ${total} milestones has been reported`),
    barLabel: 'Milestones by status',
    count: (n: number, label: string) => `${label}: ${n}`,
    rule:
      'Rule: each reported milestone scores by its status (Not started 0, Limited ⅓, Substantial ⅔, Complete 1) and progress is the mean over reported milestones. A milestone that is not reported does not count as "Not started": it is left out of the mean and shown separately.',
    delayRule: 'A milestone is delayed when the month of its planned end is over and it is not complete.',
    delayedCount: (n: number) => count('en', n, 'delayed milestone', 'delayed milestones'),
  },
  commitment: {
    templateTitle: 'Commitment completion template',
    numberTitle: (n: string) => `Commitment ${n}`,
    ogpId: 'OGP id',
    theme: 'Theme',
    dates: 'Start and end date',
    leadInstitution: 'Lead institution',
    contactName: 'Name of responsible person',
    contactTitle: 'Title',
    contactEmail: 'Email',
    contactPhone: 'Phone',
    otherActors: 'Other actors involved',
    government: 'Government',
    civilSociety: 'Civil society, private sector, working groups or multilaterals',
    problem: 'Status quo or problem addressed',
    problem2019: 'Public problem',
    objective: 'Main objective',
    briefDescription: 'Brief description of the commitment',
    briefTooLong: (n: number) => `It is ${n} characters long; the OGP template asks for 140 at most.`,
    description: 'What is the commitment?',
    howItSolves: 'How will the commitment contribute to solve the public problem?',
    relevance: 'Relevance',
    values: 'OGP values',
    valueAccessToInformation: 'Access to information',
    valueCivicParticipation: 'Civic participation',
    valuePublicAccountability: 'Public accountability',
    valueTechnologyInnovation: 'Technology and innovation for openness and accountability',
    policyAreas: 'Policy areas',
    ambition: 'Ambition',
    completion: 'Completion',
    completionSelfReported: 'Completion self-reported by the government',
    completionNotReported: 'The government has not reported the level of completion.',
    marked: 'marked',
    results: 'Description of results',
    milestones: 'Milestones',
    endDate: 'End date',
    nextSteps: 'Next steps',
    additionalInformation: 'Additional information',
    remainingChallenges: 'What remains to be achieved and any challenges in implementation',
    notStated: 'No information',
    fullText: 'Full text of the commitment',
    none: 'None',
    source: 'Source of the data',
    sourceImport: (name: string, date: string) => `Imported from "${name}" on ${date}`,
    sourceManual: 'Entered directly on the platform',
    otherLanguage: 'Only available in another language',
    plan: 'Action plan',
    downloadJson: 'Download this commitment (JSON)',
  },
  milestone: {
    number: (n: number) => `Milestone ${n}`,
    planned: 'Planned',
    status: 'Status',
    delayed: 'Delayed',
    onTime: 'On time',
    reportedDelayed: 'The report says: delayed',
    reportedNotDelayed: 'The report says: not delayed',
    subItems: 'Activities',
    narrative: 'Narrative',
    noDates: 'No dates',
    timeline: 'Milestone timeline',
  },
  institution: {
    title: 'Institution',
    commitments: 'Commitments it leads',
    contacts: 'Contact people',
    none: 'This institution leads no commitments.',
    milestones: (n: number) => count('en', n, 'milestone', 'milestones'),
  },
  months: [
    'January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December',
  ],
  monthYear: (month: string, year: number) => `${month} ${year}`,
  monthRange: (from: string, to: string) => `${from} to ${to}`,
  errors: {
    notFoundTitle: 'Page not found',
    notFound: 'What you are looking for does not exist. The address may be mistyped, or it has been removed.',
    backHome: 'Back to the home page',
    serverTitle: 'Server error',
    server: 'Something failed on our side. Please try again in a moment.',
    badRequest: 'The request is not valid.',
    unauthenticatedTitle: 'Please sign in',
    unauthenticated: 'You need to sign in to do this.',
    forbiddenTitle: 'Not allowed',
    forbidden: 'Your account is not allowed to do this.',
    csrfTitle: 'The form could not be verified',
    csrf: 'The form came from another page or had expired. Go back, reload the page and send it again.',
    tooLargeTitle: 'Too large',
    tooLarge: 'What you sent is over the largest size accepted.',
    badRequestTitle: 'Invalid request',
    malformed: 'The form arrived incomplete or damaged and could not be read. Go back and send it again.',
    controlChars: 'What you sent contains invisible control characters (for example, a NUL byte) that cannot be saved. Remove them and send it again.',
    busyTitle: 'Server busy',
    busy: 'There are too many requests right now. Please try again in a few seconds.',
  },
  warnings: {
    brief_description_too_long: (p: Record<string, string | number>) =>
      `The brief description is ${p.length} characters long; the template asks for ${p.limit ?? 140} at most. It is kept whole.`,
    completion_mark_ambiguous: () =>
      'There is a completion mark ("X") but it cannot be told under which column it stands; the level is left unreported.',
    completion_sub_items_differ: (p: Record<string, string | number>) =>
      `The sub-items have different completion levels (${p.levels ?? ''}); the commitment's level is the lowest of them: ${p.level ?? ''}.`,
    completion_missing: () => 'No completion level was found.',
    date_unreadable: (p: Record<string, string | number>) => `The date "${p.text ?? ''}" could not be read.`,
    field_missing: () => 'The field is empty or absent from the document.',
    milestone_status_unreadable: (p: Record<string, string | number>) =>
      `The milestone status "${p.text ?? ''}" could not be read.`,
    status_kept_verified: (p: Record<string, string | number>) =>
      `Milestone ${p.milestone ?? ''} has a status verified on the platform; it is kept, not replaced by the document's.`,
    numbering_restarts: (p: Record<string, string | number>) =>
      `The numbering restarts under each theme; commitments are numbered by their position in the document (this one is number ${p.printed ?? ''} of its theme).`,
    number_missing: () => 'The commitment number was not found.',
  },
  parseErrors: {
    empty: 'The document is empty.',
    not_a_template: 'The document does not have the shape of the commitment template: none of its fields was found.',
    too_large: (p: Record<string, string | number>) => `The document is too large (at most ${p.limit} characters).`,
    binary: 'The file is not text (is it a binary document?).',
  },
  importErrors: {
    preview_outdated: () => 'The data changed since the preview: nothing was stored. Upload the document again and check the changes.',
    plan_not_found: (p: Record<string, string | number>) => `There is no plan ${p.id ?? ''}.`,
    number_missing: (p: Record<string, string | number>) =>
      `Commitment ${p.commitment ?? ''} of the document has no number; without one it cannot be stored.`,
    duplicate_number: (p: Record<string, string | number>) => `The document holds commitment ${p.number ?? ''} twice.`,
    nothing_to_import: () => 'The document holds no commitment.',
    unsupported_format: (p: Record<string, string | number>) =>
      `The format "${p.format ?? ''}" cannot be imported yet (.txt, .md and .html are accepted).`,
  },
  cli: {
    imported: (n: number, plan: string) => `Imported ${count('en', n, 'commitment', 'commitments')} into "${plan}".`,
    dryRun: 'Dry run: nothing was stored.',
    fileUnreadable: (file: string, reason: string) => `Cannot read the file ${file}: ${reason}`,
    planNeeded: 'Name the plan with --plan ID, or --member and --plan-number.',
    planNotFound: (id: string) => `There is no plan ${id}.`,
    planNew: 'To create the plan, also give --plan-title, --plan-start YYYY-MM and --plan-end YYYY-MM.',
    planNewDryRun: 'The plan does not exist; a dry run does not create it. Create it first with a real import, or give --plan.',
    badLang: "The document's language must be es or en.",
    warning: 'Warning',
  },
};
