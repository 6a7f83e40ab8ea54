import { defineConfig } from 'vitest/config';

// Read by `ng test` (angular.json runnerConfig); the Angular builder supplies everything else.
export default defineConfig({
  test: {
    // A committed `.only` silently skips every other test: fail the run instead.
    allowOnly: false,
  },
});
