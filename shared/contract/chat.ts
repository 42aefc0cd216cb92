/**
 * The app's side of the live chat (issue 15): staff access to an output's room, its moderators,
 * its moderation log, and how long messages are kept. Viewers never use these: they speak the
 * socket.io protocol of shared/chat/chat-protocol.ts on the public listener.
 */
import { z } from 'zod';
import { method } from './define';
import { Id, IsoUtc } from './live-fields';

export const CHAT_RETENTION = Object.freeze({ minDays: 1, maxDays: 3650, defaultDays: 30 });

const OutputRef = z.object({ outputId: Id }).strict();

export const ChatStaffAccess = z.object({
  /** Where the room is reached (the public listener's address), or null while it is off. */
  url: z.string().nullable(),
  /** socket.io's path there. */
  path: z.string(),
  /** The chat token to present (`auth: { chatToken }`): a credential, never shown or logged. */
  chatToken: z.string(),
  role: z.enum(['owner', 'admin', 'moderator']),
});

export const ModerationLogEntry = z.object({
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.string().nullable(),
  at: IsoUtc,
});

export const chatMethods = {
  'chat.staffAccess': method({
    summary: 'Join an output’s chat room as its staff (owner, admin, or a moderator it named).',
    input: z.object({ outputId: Id, name: z.string().trim().min(1).max(24).optional() }).strict(),
    output: ChatStaffAccess,
  }),
  'chat.setModerator': method({
    summary: 'Name or remove a moderator of an output’s chat (its owner or an admin).',
    input: z.object({ outputId: Id, userId: Id, moderator: z.boolean() }).strict(),
    output: z.object({ outputId: Id, userId: Id, moderator: z.boolean() }),
  }),
  'chat.moderationLog': method({
    summary: 'Every moderation action in an output’s chat, newest first, with who did it.',
    input: OutputRef,
    output: z.object({ items: z.array(ModerationLogEntry) }),
  }),
  'chat.getSettings': method({
    summary: 'How long chat messages are kept.',
    input: z.object({}).strict().optional(),
    output: z.object({ retentionDays: z.number().int() }),
  }),
  'chat.setSettings': method({
    summary: 'Change how long chat messages are kept (older ones go at once).',
    input: z
      .object({
        retentionDays: z
          .number()
          .int('Days are a whole number.')
          .min(CHAT_RETENTION.minDays, `Keep messages at least ${CHAT_RETENTION.minDays} day.`)
          .max(CHAT_RETENTION.maxDays, `Keep messages at most ${CHAT_RETENTION.maxDays} days.`),
      })
      .strict(),
    output: z.object({ retentionDays: z.number().int() }),
  }),
};
