import type { ValidationIssue as Issue } from '../../http/router';

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
};

const WHOLE: Record<string, string> = { json: '请求体', query: '查询参数', param: '路径参数' };

/** Messages written for this API are Chinese; zod's defaults are English and are replaced. */
export const isChinese = (message: string) => /[\u3400-\u9fff]/.test(message);

/** The sent value at an issue's path (zod drops it from the issue), to tell a missing field from a wrong one. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function reason(issue: Issue, data: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(data, issue.path) == null) return '不能为空';
      return `必须是${TYPE_NAMES[issue.expected] ?? '有效的值'}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `长度不能少于 ${issue.minimum} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少需要 ${issue.minimum} 项`;
      return issue.inclusive ? `不能小于 ${issue.minimum}` : `必须大于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `长度不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${issue.maximum} 项`;
      return issue.inclusive ? `不能大于 ${issue.maximum}` : `必须小于 ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'email') return '邮箱格式不正确';
      if (issue.format === 'url') return '地址格式不正确';
      return '格式不正确';
    case 'invalid_value':
      return issue.values.length === 1 ? `必须是 ${shown(issue.values[0])}` : `必须是 ${issue.values.map(shown).join('、')} 之一`;
    case 'not_multiple_of':
      return `必须是 ${issue.divisor} 的倍数`;
    default:
      return '取值无效';
  }
}

/** An issue's message in this API's language: the schema's own Chinese message, or zod's code translated. */
export function issueMessage(issue: Issue, data: unknown, target?: string): string {
  if (isChinese(issue.message)) return issue.message;
  const text = reason(issue, data);
  return issue.path.length ? `${issue.path.map(String).join('.')} ${text}` : `${WHOLE[target ?? ''] ?? '参数'}${text}`;
}

/**
 * zod 4's defaults ("Invalid input: expected string, received undefined") would otherwise reach this
 * API's Chinese envelope; and one reason per field: zod may report a wrong type and then a check on the
 * same value (`[]`: not a string, too short).
 */
export function progressIssues(issues: readonly Issue[], data: unknown, target: string | undefined) {
  const seen = new Set<string>();
  return issues
    .filter((i) => {
      const key = JSON.stringify(i.path.map(String));
      return !seen.has(key) && !!seen.add(key);
    })
    .map((i) => ({ path: i.path, message: issueMessage(i, data, target) }));
}
