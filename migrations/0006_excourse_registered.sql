-- Being an excourse teacher (readable by every signed-in user on GET /users/{pk}/) means having
-- registered through POST /users/register/, no longer merely having a profile row: PUT /users/{pk}/
-- by a campus teacher, a learner or the sysadmin on themself creates a row too, and made them readable.
-- DEFAULT 1: a row is a registration unless the code says otherwise (the PUT now writes 0), and
-- existing rows come in as registrations. The UPDATE then marks the rows the PUT made: a registration
-- writes the account and its profile in one batch with the same created_at, while a PUT creates the
-- profile of an account that already existed, so its created_at is later than the account's.
ALTER TABLE `excourse_profiles` ADD `registered` integer DEFAULT true NOT NULL;--> statement-breakpoint
UPDATE `excourse_profiles` SET `registered` = 0
  WHERE `created_at` > (SELECT `created_at` FROM `accounts` WHERE `accounts`.`id` = `excourse_profiles`.`account_id`);
