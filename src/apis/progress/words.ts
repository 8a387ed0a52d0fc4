import type { Params } from '../../domain/errors';
import type { ImportResult, RowIssue, RowIssueCode } from '../../domain/imports/import-result';
import { list, say, text, type Wording, type Words } from '../../http/words';

/** A `maxBytes` parameter in MB, as this API states limits. */
const MB = (p: Params) => Number(p.maxBytes) / 1024 / 1024;

/**
 * What this API's clients read for the codes the domain and the shared HTTP layer raise. An error whose
 * code is not here shows its document code's message (envelope.ts). Codes of the domain's refusals and
 * file problems are the domain's (src/domain/production, src/domain/imports); row issues are below.
 */
export const WORDS: Words = {
  // Accounts and sign-in.
  USER_NOT_FOUND: '用户不存在',
  WRONG_PASSWORD: '密码错误',
  EMAIL_ALREADY_EXISTS: '邮箱已存在',
  INACTIVE_USER: '账号已被禁用',
  NOT_A_TEACHER: '该用户不是教师用户',
  CREATOR_NOT_FOUND: '创建者不存在',
  UNKNOWN_DEPARTMENT: '部门不存在',
  CANNOT_DISABLE_SELF: '不能禁用自己的账号',
  // Who may do what (src/domain/production/roles.ts and the rules of each operation).
  NOT_PROGRESS_USER: '该账号不是进度管理系统用户',
  STAFF_ONLY: '需要管理员、沟通联络人或系统管理员权限',
  MANAGERS_ONLY: '需要管理员或系统管理员权限',
  SYSADMIN_CREATES_SYSADMIN: '只有系统管理员可以创建系统管理员',
  MANAGER_CREATES_STAFF: '创建管理员或沟通联络人需要管理员权限',
  SYSADMIN_DISABLES_SYSADMIN: '只有系统管理员可以禁用系统管理员',
  TASK_NOT_ASSIGNED_TO_CALLER: '教师只能查看和更新分配给自己的课程任务',
  TEACHER_UPDATES_STATUS_ONLY: '教师只能更新任务的进度状态和说明',
  // Departments and lesson tasks.
  DEPARTMENT_NOT_FOUND: '部门不存在',
  DEPARTMENT_ALREADY_EXISTS: '部门名称已存在',
  DEPARTMENT_USERS_FAILED: '获取部门用户列表失败',
  TASK_NOT_FOUND: '课程任务不存在',
  TEACHER_DISABLED: '该教师账号已被禁用，不能分配任务',
  // Import uploads (imports.handlers.ts) and files (src/domain/imports).
  MULTIPART_REQUIRED: '请以 multipart/form-data 上传文件（字段名 file）',
  MULTIPART_INVALID: '上传内容格式错误：请以 multipart/form-data 上传文件（字段名 file）',
  FILE_DUPLICATE: '一次只能上传一个文件',
  FILE_REQUIRED: '请上传文件（表单字段 file）',
  FILE_TOO_LARGE: (p) => `文件不能超过 ${MB(p)} MB`,
  FILE_EMPTY: '文件为空',
  XLS_UNSUPPORTED: '不支持 .xls 格式或加密的工作簿：请在 Excel 中另存为 .xlsx 后上传',
  NOT_A_SPREADSHEET: '不是电子表格文件：请上传 .xlsx 或 UTF-8 编码的 .csv 文件',
  CSV_NOT_UTF8: 'CSV 文件必须是 UTF-8 编码（在 Excel 中另存为“CSV UTF-8”）',
  CSV_UNCLOSED_QUOTE: 'CSV 文件格式错误：引号未闭合',
  CELL_TOO_LONG: (p) => `单元格内容超过 ${p.max} 个字符`,
  XLSX_UNREADABLE: '无法读取 .xlsx 文件：文件已损坏或格式不受支持',
  XLSX_NO_WORKBOOK: '不是有效的 .xlsx 文件：找不到工作簿',
  XLSX_NO_WORKSHEET: '文件中没有工作表',
  XLSX_SHEET_MISSING: '文件已损坏：找不到工作表',
  XLSX_SHARED_STRINGS_MISSING: '文件已损坏：找不到共享字符串',
  XLSX_SHARED_STRING_INVALID: '文件已损坏：共享字符串编号无效',
  TOO_MANY_ROWS: (p) => `数据行数超过上限：每次最多导入 ${p.max} 行`,
  SHEET_TOO_LARGE: (p) => `文件解压后超过 ${MB(p)} MB，不予处理`,
  NO_HEADER_ROW: (p) => `文件中没有数据：第一行应为表头（${text(p.columns, '、')}）`,
  DUPLICATE_HEADER: (p) => `表头中“${p.column}”列出现了两次`,
  MISSING_COLUMNS: (p) =>
    `表头与模板不符：缺少${list(p.missing)
      .map((h) => `“${h}”`)
      .join('、')}列。模板表头为：${text(p.columns, '、')}`,
  NO_DATA_ROWS: '文件中没有数据行：表头下方至少需要一行数据',
  // Raised outside the domain (the root app, the router, the throttles).
  PAYLOAD_TOO_LARGE: '请求体过大（JSON 请求体最大 1 MB）',
  UNSUPPORTED_MEDIA_TYPE: '参数无效：请求体须为 application/json',
  METHOD_NOT_ALLOWED: '不支持该请求方法',
  NOT_FOUND: '接口不存在',
  TOKEN_REVOKED: '无效的令牌：令牌已失效，请重新登录',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  LOGIN_LOCKED: '登录失败次数过多，请稍后再试',
};

/** A value a client typed, echoed in a row's message at most this long. */
const echo = (value: Params[string] | undefined, max: number) => text(value).slice(0, max);

/** One import row's issues (src/domain/imports), joined with `，` in a row's message; every code has its words. */
const ROW_WORDS: Record<RowIssueCode, Wording> = {
  USERNAME_EMPTY: '用户名为空',
  USERNAME_TOO_LONG: (p) => `用户名超过${p.max}个字符`,
  EMAIL_EMPTY: '邮箱为空',
  EMAIL_INVALID: (p) => `邮箱格式不正确(${echo(p.value, 100)})`,
  EMAIL_DUPLICATE_ROW: (p) => `邮箱与第${p.row}行重复`,
  EMAIL_TAKEN: '邮箱已存在',
  PASSWORD_EMPTY: '密码为空',
  PASSWORD_LENGTH: (p) => `密码长度应为${p.min}-${p.max}位`,
  ROLE_INVALID: (p) => `角色无效(${echo(p.value, 20)})：应为1-4或教师、普通管理员、沟通联络人、系统管理员`,
  ROLE_NOT_GRANTABLE: '无权导入系统管理员账号',
  JOB_INVALID: (p) => `岗位无效(${echo(p.value, 20)})：应为1-4`,
  // The document's wording: `第3行部门不存在;`.
  DEPARTMENT_UNKNOWN: '部门不存在',
  DEPARTMENT_NAME_EMPTY: '部门名称为空',
  DEPARTMENT_NAME_TOO_LONG: (p) => `部门名称超过${p.max}个字符`,
  DEPARTMENT_NAME_DUPLICATE_ROW: (p) => `部门名称与第${p.row}行重复`,
  DEPARTMENT_NAME_TAKEN: '部门名称已存在',
  DEPARTMENT_DESCRIPTION_TOO_LONG: (p) => `部门描述超过${p.max}个字符`,
  COURSE_NAME_EMPTY: '课程名称为空',
  COURSE_NAME_TOO_LONG: (p) => `课程名称超过${p.max}个字符`,
  MICRO_LESSON_NAME_EMPTY: '微课名称为空',
  MICRO_LESSON_NAME_TOO_LONG: (p) => `微课名称超过${p.max}个字符`,
  ADVISE_TOO_LONG: (p) => `任务说明超过${p.max}个字符`,
  TEACHER_EMAIL_EMPTY: '教师邮箱为空',
  TEACHER_NOT_FOUND: (p) => `未找到教师用户(${echo(p.email, 100)})`,
  USER_NOT_A_TEACHER: (p) => `用户(${echo(p.email, 100)})不是教师`,
  TEACHER_DISABLED: (p) => `教师用户(${echo(p.email, 100)})已被禁用`,
  TEACHER_NO_LONGER_ASSIGNABLE: '教师用户已被禁用或不再是教师',
  ROW_WRITE_FAILED: '写入失败（系统错误），请重新导入该行',
};

const rowIssue = (issue: RowIssue) => say(ROW_WORDS, issue.code, issue.params)!;

/** The document's wording: `成功导入2条数据。错误信息:第3行邮箱已存在;` (rows in sheet order). */
export function importSummary(result: ImportResult): string {
  const summary = `成功导入${result.imported}条数据`;
  if (result.errors.length === 0) return summary;
  const sorted = [...result.errors].sort((a, b) => a.rowNumber - b.rowNumber);
  return `${summary}。错误信息:${sorted.map((e) => `第${e.rowNumber}行${e.issues.map(rowIssue).join('，')};`).join('')}`;
}
