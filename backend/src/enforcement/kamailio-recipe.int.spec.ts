import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness.js';
import {
  type Kamailio,
  recipe,
  sippBurst,
  startKamailio,
  SWITCH_TOKEN,
  tollgateForSwitch,
} from '../../test/kamailio.js';

describe('the Kamailio recipe (http_client) in front of authorize, driven by sipp (real PostgreSQL, real SIP)', () => {
  let t: TestApp;
  let kamailio: Kamailio | undefined;

  beforeAll(async () => {
    t = await tollgateForSwitch();
    kamailio = await startKamailio(
      recipe('kamailio-http-client.cfg', [
        ['http://127.0.0.1:3000/', `${t.baseUrl}/`],
        ['!TOLLGATE_TOKEN!change-me!', `!TOLLGATE_TOKEN!${SWITCH_TOKEN}!`],
      ]),
    );
  });

  afterAll(async () => {
    await kamailio?.stop();
    await t?.close();
  });

  it('a sipp burst of 24 Caribbean calls from one seat gets 200 for the first 15 and 603 Decline after', async () => {
    const answers = await sippBurst(kamailio!.port, '18765550100', 24);
    expect(answers).toEqual([...Array(15).fill('SIP/2.0 200 OK'), ...Array(9).fill('SIP/2.0 603 Decline')]);
  });
});
