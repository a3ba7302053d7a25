// Every page names the stack its statuses are judged on and links the same page on the others.
import type { Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { isDefaultStack } from './paths.ts';

export interface StackLink {
  id: string;
  name: string;
  href: string;
  isDefault: boolean;
  current: boolean;
}

export interface StackNavView {
  /** The stack judged on; `any platform` when none is declared. */
  current: { id: string; name: string; isDefault: boolean };
  /** False when no stack is declared: everything is judged on any platform. */
  declared: boolean;
  /** Every declared stack, the default first, with the same page on it. */
  links: StackLink[];
}

export function stackNav(registry: Registry, stack: Stack, pathOn: (stack: Stack) => string): StackNavView {
  return {
    current: { id: stack.id, name: stack.name, isDefault: isDefaultStack(registry, stack) },
    declared: registry.stacks.length > 0,
    links: registry.stacks.map((other) => ({
      id: other.id,
      name: other.name,
      href: pathOn(other),
      isDefault: isDefaultStack(registry, other),
      current: other.id === stack.id,
    })),
  };
}
