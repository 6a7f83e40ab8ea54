// @ts-check
import js from '@eslint/js';
import angular from 'angular-eslint';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.angular/**',
      'reports/**',
      'e2e/artifacts/**',
      'test-results/**',
      '.data/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Tests and the pg driver hand us untyped rows; typing every one adds noise, not safety.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['frontend/src/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'tg', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'tg', style: 'camelCase' }],
    },
  },
  {
    files: ['frontend/src/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  {
    // Every committed test runs every time: no focus, no skip, no "expected to fail" (npm test counts skips as failures).
    files: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          'MemberExpression[object.name=/^(describe|suite|it|test)$/]',
          'MemberExpression[object.object.name=/^(describe|suite|it|test)$/]',
          'MemberExpression[object.object.object.name=/^(describe|suite|it|test)$/]',
        ].map((chain) => ({
          selector: `${chain}[property.name=/^(only|skip|skipIf|runIf|todo|fixme|fail|fails)$/]`,
          message: 'Tests must all run: no .only, .skip, .skipIf, .runIf, .todo, .fixme or .fail(s).',
        })),
        {
          selector: 'CallExpression[callee.name=/^(xit|xtest|xdescribe|fit|ftest|fdescribe)$/]',
          message: 'Tests must all run: no xit/xdescribe (skipped) or fit/fdescribe (focused).',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
