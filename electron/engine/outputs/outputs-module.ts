import { engineMessage } from '@shared/messages/engine-message';
import { randomUUID } from 'node:crypto';
import { RpcError } from '@shared/contract/errors';
import { OUTPUT_LIMITS } from '@shared/contract/outputs';
import { callerOf, type Caller } from '../context';
import type { EngineDeps, EngineHandlers, EngineModule } from '../module';
import { seesEverything } from '../policy/policy';
import { serveChannelLists } from './list-routes';
import { serveMedia } from './media-routes';
import { outputsMigrations } from './migrations';
import { OutputsDomain, type LivesView, type OutputsOptions } from './outputs-domain';
import type { OutputsPort } from './outputs-port';
import type { OutputRecord } from './output-store';
import { serveWatch } from './watch-routes';

export type OutputsModuleOptions = OutputsOptions;

/** Admins and the output's owner change an output and its links; others see it. */
function assertMayManage(caller: Caller, output: OutputRecord): void {
  if (output.ownerId !== caller.userId && !seesEverything(caller)) {
    throw RpcError.of('FORBIDDEN', engineMessage('outputs.ownerOrAdminOnly', { title: output.title }));
  }
}

/** The module's handlers, routes, lifecycle and port, built once per engine. */
function buildOutputs(deps: EngineDeps, options: OutputsModuleOptions) {
  const d = new OutputsDomain(deps, options);
  const removeRoutes = [...serveMedia(deps.http, d), ...serveWatch(deps.http, d), ...serveChannelLists(deps.http, d)];

  const outputOf = (outputId: string): OutputRecord => {
    const output = d.store.get(outputId);
    if (!output) throw RpcError.of('NOT_FOUND', engineMessage('outputs.notFound', { outputId: outputId.slice(0, 64) }));
    return output;
  };
  const linkOf = (linkId: string) => {
    const link = d.links.get(linkId);
    if (!link) throw RpcError.of('NOT_FOUND', engineMessage('outputs.linkNotFound', { linkId: linkId.slice(0, 64) }));
    return { link, output: outputOf(link.outputId) };
  };
  const emitSharing = (): void => {
    deps.events.emit('outputs.sharing', d.sharing.view());
    for (const output of d.store.list()) d.emit(output.id);
  };

  const handlers: Partial<EngineHandlers> = {
    'outputs.list': () => ({ items: d.store.list().map((o) => d.view(o)) }),
    'outputs.create': async (fields, ctx) => {
      const caller = callerOf(ctx);
      if (d.store.count() >= OUTPUT_LIMITS.outputsMax) {
        throw RpcError.of('LIMIT_REACHED', engineMessage('outputs.tooManyOutputs', { max: OUTPUT_LIMITS.outputsMax }));
      }
      if (d.store.bySlug(fields.slug)) throw RpcError.of('CONFLICT', engineMessage('outputs.slugTaken', { slug: fields.slug }));
      const now = deps.now();
      const output: OutputRecord = {
        id: randomUUID(),
        ...fields,
        isDefault: d.store.count() === 0,
        ownerId: caller.userId,
        createdAt: now,
        updatedAt: now,
      };
      d.store.insert(output);
      await d.openChannel(output.id);
      d.emit(output.id);
      return d.view(output);
    },
    'outputs.update': ({ outputId, patch }, ctx) => {
      const before = outputOf(outputId);
      assertMayManage(callerOf(ctx), before);
      const after: OutputRecord = {
        ...before,
        title: patch.title ?? before.title,
        group: patch.group ?? before.group,
        logoUrl: patch.logoUrl === undefined ? before.logoUrl : patch.logoUrl,
        access: patch.access ?? before.access,
        updatedAt: deps.now(),
      };
      d.store.update(after);
      d.emit(outputId);
      return d.view(after);
    },
    'outputs.delete': async ({ outputId }, ctx) => {
      const output = outputOf(outputId);
      assertMayManage(callerOf(ctx), output);
      const feeding = d.feeds.candidates(outputId);
      if (feeding.length > 0) {
        const titles = feeding.map((c) => `“${d.feeds.titleOf(outputId, c.liveId) ?? c.liveId}”`).join(', ');
        throw RpcError.of('CONFLICT', engineMessage('outputs.fedNow', { titles }));
      }
      await d.removeChannel(outputId);
      d.store.delete(outputId);
      const next = d.store.list()[0];
      if (output.isDefault && next) {
        d.store.setDefault(next.id, deps.now());
        d.emit(next.id);
      }
      deps.events.emit('output.deleted', { outputId, ownerId: output.ownerId });
      return { outputId };
    },
    'outputs.setDefault': ({ outputId }) => {
      const previous = d.store.defaultOutput();
      outputOf(outputId);
      d.store.setDefault(outputId, deps.now());
      if (previous && previous.id !== outputId) d.emit(previous.id);
      d.emit(outputId);
      return d.view(outputOf(outputId));
    },
    'outputs.listLinks': ({ outputId }, ctx) => {
      assertMayManage(callerOf(ctx), outputOf(outputId));
      return { items: d.links.listFor(outputId).map((l) => d.linkView(l)) };
    },
    'outputs.createLink': (fields, ctx) => {
      const caller = callerOf(ctx);
      assertMayManage(caller, outputOf(fields.outputId));
      if (d.links.countFor(fields.outputId) >= OUTPUT_LIMITS.linksPerOutputMax) {
        throw RpcError.of('LIMIT_REACHED', engineMessage('outputs.tooManyLinks', { max: OUTPUT_LIMITS.linksPerOutputMax }));
      }
      const now = deps.now();
      const link = {
        id: d.newLinkId(),
        outputId: fields.outputId,
        label: fields.label,
        createdBy: caller.userId,
        createdAt: now,
        expiresAt: now + fields.expiresInHours * 3600_000,
        maxViewers: fields.maxViewers,
        revokedAt: null,
        views: 0,
      };
      d.links.insert(link);
      d.emitLink(link.id);
      return { link: d.linkView(link), addresses: d.linkAddresses(link) };
    },
    'outputs.linkAddresses': ({ linkId }, ctx) => {
      const { link, output } = linkOf(linkId);
      assertMayManage(callerOf(ctx), output);
      const view = d.linkView(link);
      if (view.state !== 'active')
        throw RpcError.of('INVALID_STATE', engineMessage('outputs.linkNotActive', { state: view.state }));
      return { addresses: d.linkAddresses(link) };
    },
    'outputs.revokeLink': ({ linkId }, ctx) => {
      const { link, output } = linkOf(linkId);
      assertMayManage(callerOf(ctx), output);
      d.links.revoke(link.id, deps.now());
      d.emitLink(link.id);
      return d.linkView(d.links.get(link.id) ?? link);
    },
    'outputs.getSharing': () => d.sharing.view(),
    'outputs.setSharing': async (input) => {
      const view = await d.sharing.set(input);
      emitSharing();
      return view;
    },
    'outputs.rotateKey': async ({ dropPrevious }) => {
      await d.keys.rotate(dropPrevious);
      return { rotatedAt: new Date(deps.now()).toISOString() };
    },
  };

  const exports: OutputsPort = {
    feeds: d.feedsPort,
    verifyViewerToken: (token) => d.verifyViewerToken(token),
    checkViewerToken: (token) => d.checkViewerToken(token),
    chatToken: (outputId, linkId, chatterId, lifetimeMs) => d.chatToken(outputId, linkId, chatterId, lifetimeMs),
    verifyChatToken: (token) => d.verifyChatToken(token),
    outputInfo: (outputId) => {
      const output = d.store.get(outputId);
      return output ? { ownerId: output.ownerId, title: output.title, slug: output.slug } : null;
    },
  };

  return {
    handlers,
    exports,
    async start() {
      // The lives through their port: which feed the outputs now, which are scheduled to.
      const lives = () => deps.ports.get('lives');
      const view: LivesView = {
        activeLives: () => lives().listInStates(['starting', 'live', 'reconnecting']),
        scheduledLives: () => lives().listInStates(['scheduled']),
      };
      await d.start(view);
    },
    async close() {
      for (const remove of removeRoutes) remove();
      await d.close();
    },
  };
}

/**
 * Public outputs (a fixed playlist address any live can feed, a slate between lives), the signed
 * links that open them, the watch page, the M3U/XMLTV channel list, and where the public
 * listener answers. Exports the `OutputsPort` (the lives domain asks it which output a live may feed).
 */
export function outputsModule(options: OutputsModuleOptions = {}): EngineModule<'outputs'> {
  return {
    name: 'outputs',
    migrations: outputsMigrations,
    build: (deps) => buildOutputs(deps, options),
  };
}
