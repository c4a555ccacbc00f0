import { CHANNELS } from '../channels';
import { botConfigDocs, parseBotConfig } from './bot/bot.config';
import { calendarConfigDocs, parseCalendarConfig } from './common/calendar/calendar.config';
import { parsePermitsConfig, permitsConfigDocs } from './permits/permits.config';
import { authConfigDocs, parseAuthConfig } from './auth/auth.config';
import { consoleConfigDocs, parseConsoleConfig } from './console/console.config';
import { parseRoutingConfig, routingConfigDocs } from './routing/routing.config';
import { parseReportsConfig, reportsConfigDocs } from './reports/reports.config';
import { channelConfigGroups, checkChannelConfig } from './hub/channel-definition';
import { parseSurveyConfig, surveyConfigDocs } from './survey/survey.config';
import { knowledgeEditorConfigDocs, parseKnowledgeEditorConfig } from './knowledge-editor/knowledge-editor.config';

/**
 * Settings read by modules with their own schema (bot, channels, console).
 * Each module exports its docs; the channels' come from their definitions
 * (channels/index.ts). Listed here for .env.example and the README.
 */
export const EXTRA_CONFIG_DOCS: [string, Record<string, string>][] = [
  ['Office hours and calendar', calendarConfigDocs],
  ['Bot', botConfigDocs],
  ['Permit status (local registry or SIPINTER API)', permitsConfigDocs],
  ...channelConfigGroups(CHANNELS),
  ['Officers: accounts, sign-in, agencies', authConfigDocs],
  ['Routing, SLA and referrals', routingConfigDocs],
  ['Console: integrity guard', consoleConfigDocs],
  ['Knowledge base editor', knowledgeEditorConfigDocs],
  ['IKM survey', surveyConfigDocs],
  ['Reports and metrics', reportsConfigDocs],
];

/**
 * Validates every module's settings before Nest starts, so a bad channel or
 * bot value stops the process with the same message and exit code (78) as a
 * bad core value, instead of an exception deep in module initialisation.
 */
export function checkExtraConfig(env: NodeJS.ProcessEnv = process.env): void {
  parseCalendarConfig(env);
  parseBotConfig(env);
  parsePermitsConfig(env);
  checkChannelConfig(CHANNELS, env);
  parseAuthConfig(env);
  parseRoutingConfig(env);
  parseConsoleConfig(env);
  parseKnowledgeEditorConfig(env);
  parseSurveyConfig(env);
  parseReportsConfig(env);
}
