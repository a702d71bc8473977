import type OpenAI from 'openai';
import { NotFoundError } from 'openai';
import type { ConnectionResult, ModelsResult } from '../messaging/protocol';
import { toUserFacingError, type ErrorContext } from './errors';

/** Lists the server's models; the Model field offers them as suggestions. */
export async function listModels(client: OpenAI, ctx: ErrorContext): Promise<ModelsResult> {
  try {
    const models: string[] = [];
    for await (const model of client.models.list()) models.push(model.id);
    return { ok: true, models: models.sort((a, b) => a.localeCompare(b)) };
  } catch (error) {
    const { code, message } = toUserFacingError(error, ctx);
    return { ok: false, code, message };
  }
}

/**
 * "Test connection": lists models (which proves the URL and the key), then says whether the chosen
 * model is among them. Servers without `/models` get a one-token completion instead.
 */
export async function testConnection(client: OpenAI, ctx: ErrorContext): Promise<ConnectionResult> {
  try {
    const models: string[] = [];
    for await (const model of client.models.list()) models.push(model.id);
    const modelFound = ctx.model ? models.includes(ctx.model) : null;
    const count = `${models.length} model${models.length === 1 ? '' : 's'} available`;
    const message =
      modelFound === false
        ? `Connected — ${count}, but “${ctx.model}” is not among them. Check the Model field.`
        : `Connected — ${count}.`;
    return { ok: true, modelCount: models.length, modelFound, message };
  } catch (error) {
    if (!(error instanceof NotFoundError) || !ctx.model) {
      const { code, message } = toUserFacingError(error, ctx);
      return { ok: false, code, message };
    }
  }
  try {
    await client.chat.completions.create({
      model: ctx.model,
      messages: [{ role: 'user', content: 'ping' }],
      max_tokens: 1,
    });
    return { ok: true, modelCount: 0, modelFound: true, message: `Connected — “${ctx.model}” answered.` };
  } catch (error) {
    const { code, message } = toUserFacingError(error, ctx);
    return { ok: false, code, message };
  }
}
