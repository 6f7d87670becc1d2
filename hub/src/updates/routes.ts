/**
 * The update routes. For stations (their token in the Authorization header, checked by the
 * server's onRequest hook like every station route; never in a URL):
 *   GET|HEAD /hub/v1/updates/latest.yml, latest-mac.yml, latest-linux.yml — the metadata of the
 *     release the rollout offers this station (rollout.ts), electron-updater's generic feed;
 *   GET|HEAD /hub/v1/updates/:file — a published file, with range requests (206,
 *     multipart/byteranges) for the differential download.
 * For the admin (fleet page session; every POST with its CSRF token):
 *   GET  /fleet/api/updates                                   — UpdatesOverview
 *   POST /fleet/api/updates/releases                          — { channel, metadata: { "latest.yml": text, … } }
 *   POST /fleet/api/updates/releases/:id/files/:name          — the file's bytes (application/octet-stream)
 *   POST /fleet/api/updates/releases/:id/publish               — { stagingPercentage }
 *   POST /fleet/api/updates/channels/:name/stage              — { percentage }
 *   POST /fleet/api/updates/channels/:name/(pause|resume|rollback)
 *   POST /fleet/api/updates/store-channel                     — { store, channel }
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HUB_PATHS } from '../../../contract/hub-api.ts';
import type { Logger } from '../../../base/logger.ts';
import { ADMIN_COOKIE, AdminAuth } from '../admin-auth.ts';
import type { Db } from '../db.ts';
import { HubError, sendError } from '../errors.ts';
import type { Station } from '../stations.ts';
import { BlobStore } from './blob-store.ts';
import { isFeedFile } from './metadata.ts';
import { sendFile } from './range.ts';
import { Releases } from './releases.ts';

export interface UpdateRoutesDeps {
  db: Db;
  /** The folder the update files are kept in. */
  dir: string;
  now: () => number;
  station: (req: FastifyRequest) => Station;
  logger: Logger;
}

const FIELD_MAX = 80;

export function registerUpdateRoutes(app: FastifyInstance, deps: UpdateRoutesDeps): Releases {
  const releases = new Releases(deps.db, new BlobStore(deps.dir), deps.now);
  const auth = new AdminAuth(deps.db, deps.now);
  const log = deps.logger.child('updates');

  const feed = async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const station = deps.station(req);
    const { file } = req.params;
    const head = req.method === 'HEAD';
    if (isFeedFile(file)) {
      const text = await releases.feedFor(station, file);
      if (text === null) {
        return sendError(
          reply,
          new HubError(404, 'resource_missing', `No release for ${file} on this station's channel.`),
        );
      }
      reply.header('cache-control', 'no-store').type('text/yaml; charset=utf-8');
      return head ? reply.header('content-length', String(Buffer.byteLength(text))).send() : reply.send(text);
    }
    const found = await releases.fileFor(station, file.slice(0, 300));
    if (!found) return sendError(reply, new HubError(404, 'resource_missing', 'No such update file.'));
    return sendFile(reply, found.path, found.size, req.headers.range, head);
  };
  // Fastify answers HEAD from this route too (without a body).
  app.get(`${HUB_PATHS.updates}/:file`, feed);

  /** The admin's session, and for a POST its CSRF token; else the refusal is sent. */
  async function admin(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const session = await auth.session(req.cookies[ADMIN_COOKIE]);
    if (!session) {
      sendError(reply, new HubError(401, 'admin_signin_required', 'Sign in to the fleet page first.'));
      return false;
    }
    if (req.method !== 'GET' && req.headers['x-csrf-token'] !== session.csrf) {
      sendError(
        reply,
        new HubError(403, 'csrf_invalid', 'This form has expired. Reload the page and try again.'),
      );
      return false;
    }
    return true;
  }
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
  /** Runs an admin action: a HubError is the refusal, anything else the server's error handler's. */
  const action =
    <P>(fn: (req: FastifyRequest<{ Params: P }>) => Promise<unknown>) =>
    async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
      if (!(await admin(req, reply))) return reply;
      try {
        return await fn(req);
      } catch (error) {
        if (error instanceof HubError) return sendError(reply, error);
        throw error;
      }
    };

  app.get(
    '/fleet/api/updates',
    action(() => releases.overview()),
  );
  app.post(
    '/fleet/api/updates/releases',
    action(async (req) => {
      const { channel, metadata } = body(req);
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
        throw new HubError(400, 'update_metadata_invalid', 'Give metadata: { "latest.yml": its text, … }.');
      }
      const texts = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)]));
      const release = await releases.createDraft(channel, texts);
      log.info('release uploaded (draft)', {
        release: release.id,
        channel: release.channel,
        version: release.version,
      });
      return release;
    }),
  );
  // The file's bytes are read by the route itself, straight to the updates folder: no body
  // limit but the size its metadata says.
  scoped(app, (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_req, _payload, done) => done(null, undefined));
    scope.post<{ Params: { id: string; name: string } }>(
      '/fleet/api/updates/releases/:id/files/:name',
      action(async (req) => {
        const release = await releases.putFile(req.params.id.slice(0, FIELD_MAX), req.params.name, req.raw);
        log.info('release file uploaded', { release: release.id, file: req.params.name });
        return release;
      }),
    );
  });
  app.post<{ Params: { id: string } }>(
    '/fleet/api/updates/releases/:id/publish',
    action(async (req) => {
      const channel = await releases.publish(req.params.id.slice(0, FIELD_MAX), body(req).stagingPercentage);
      log.info('release published', {
        channel: channel.name,
        version: channel.current?.version,
        percentage: channel.stagingPercentage,
      });
      return channel;
    }),
  );
  app.post<{ Params: { name: string } }>(
    '/fleet/api/updates/channels/:name/stage',
    action(async (req) => releases.setStage(req.params.name, body(req).percentage)),
  );
  for (const [verb, run] of [
    ['pause', (name: string) => releases.setPaused(name, true)],
    ['resume', (name: string) => releases.setPaused(name, false)],
    ['rollback', (name: string) => releases.rollback(name)],
  ] as const) {
    app.post<{ Params: { name: string } }>(
      `/fleet/api/updates/channels/:name/${verb}`,
      action(async (req) => {
        const channel = await run(req.params.name);
        log.info(`channel ${verb}`, { channel: channel.name, version: channel.current?.version });
        return channel;
      }),
    );
  }
  app.post(
    '/fleet/api/updates/store-channel',
    action(async (req) => {
      const { store, channel } = body(req);
      if (typeof store !== 'string' || store === '' || store.length > FIELD_MAX) {
        throw new HubError(400, 'parameter_invalid', 'Give a store and a channel.');
      }
      await releases.setStoreChannel(store, channel);
      return { store, channel };
    }),
  );
  return releases;
}

/** A scope of its own for the octet-stream parser (the rest of the hub keeps refusing raw bodies). */
function scoped(app: FastifyInstance, fn: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => fn(scope));
}
