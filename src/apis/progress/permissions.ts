/**
 * Who may do what in the progress API: the same table is in docs/progress.md and in the OpenAPI
 * description, and the rules live in src/domain/production/roles.ts and the domain functions.
 */
export const PERMISSIONS_MARKDOWN = `Permission matrix (staff = admin, liaison, sysadmin; "own" = a task assigned to the caller):

| route | anonymous | teacher | liaison | admin | sysadmin |
|---|---|---|---|---|---|
| POST /api/users | teacher only | teacher only | teacher only | roles 1-3 | roles 1-4 |
| POST /api/users/login | yes | | | | |
| POST /api/users/logout, GET /api/users/current | no | yes | yes | yes | yes |
| GET /api/users/list, /department/{id}, /teacher/search | no | no | yes | yes | yes |
| POST /api/users/disable/{id} | no | no | no | yes (not a sysadmin, not self) | yes (not self) |
| GET /api/departments | yes | yes | yes | yes | yes |
| POST /api/departments | no | no | no | yes | yes |
| GET /api/lesson-tasks, /department/{id} | no | own only | all | all | all |
| GET /api/lesson-tasks/{id} | no | own only | all | all | all |
| POST /api/lesson-tasks (assign to an active teacher) | no | no | yes | yes | yes |
| PUT /api/lesson-tasks/{id} | no | own: progressStatus, advise | all fields | all fields | all fields |
| DELETE /api/lesson-tasks/{id} | no | no | yes | yes | yes |
| POST /api/import/*, GET /api/import/templates/* | no | no | no | yes | yes |

Accounts of other APIs without a progress role (students) are refused by every signed-in route but sign-out (403/10006), and at sign-in.`;
