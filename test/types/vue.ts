/**
 * The element in Vue's `GlobalComponents`, as `vue-tsc` reads it for
 * templates. The Vue example's templates are checked by `vue-tsc` too.
 */

import type {GlobalComponents} from 'vue';
import type {} from 'turnkey-session-manager/vue';

type Props = InstanceType<
  GlobalComponents['turnkey-session-manager']
>['$props'];

export const props: Props = {
  dbName: 'app-sessions',
  headingLevel: '3',
  strings: {heading: 'Sessions'},
  onSessionsCleared: (event) => {
    const keys: string[] = event.detail.sessionKeys;
    void keys;
  },
};

export const wrongLevel: Props = {
  // @ts-expect-error attributes are numbers or numeric strings.
  headingLevel: 'three',
};
