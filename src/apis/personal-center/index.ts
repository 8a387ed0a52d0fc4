import { personalCenter } from './api';
import * as auth from './auth.handlers';
import * as authRoutes from './auth.routes';
import * as catalog from './catalog.handlers';
import * as catalogRoutes from './catalog.routes';
import * as community from './community.handlers';
import * as communityRoutes from './community.routes';
import * as student from './student.handlers';
import * as studentRoutes from './student.routes';
import * as teacher from './teacher.handlers';
import * as teacherRoutes from './teacher.routes';
import * as user from './user.handlers';
import * as userRoutes from './user.routes';

export const personalCenterApi = personalCenter.serve((app) =>
  app
    .openapi(authRoutes.health, auth.healthHandler)
    .openapi(authRoutes.register, auth.registerHandler)
    .openapi(authRoutes.login, auth.loginHandler)
    .openapi(userRoutes.getProfile, user.getProfileHandler)
    .openapi(userRoutes.updateProfile, user.updateProfileHandler)
    .openapi(userRoutes.uploadAvatar, user.uploadAvatarHandler)
    .openapi(userRoutes.avatarFile, user.avatarFileHandler)
    .openapi(catalogRoutes.listCategories, catalog.listCategoriesHandler)
    .openapi(catalogRoutes.listCourses, catalog.listCoursesHandler)
    .openapi(catalogRoutes.getCourse, catalog.getCourseHandler)
    .openapi(catalogRoutes.coverFile, catalog.coverFileHandler)
    .openapi(studentRoutes.myCourses, student.myCoursesHandler)
    .openapi(studentRoutes.enroll, student.enrollHandler)
    .openapi(studentRoutes.updateProgress, student.updateProgressHandler)
    .openapi(studentRoutes.rateCourse, student.rateCourseHandler)
    .openapi(studentRoutes.listFavorites, student.listFavoritesHandler)
    .openapi(studentRoutes.addFavorite, student.addFavoriteHandler)
    .openapi(studentRoutes.removeFavorite, student.removeFavoriteHandler)
    .openapi(studentRoutes.stats, student.statsHandler)
    .openapi(studentRoutes.achievements, student.achievementsHandler)
    .openapi(communityRoutes.community, community.communityHandler)
    .openapi(communityRoutes.listTeams, community.listTeamsHandler)
    .openapi(communityRoutes.createTeam, community.createTeamHandler)
    .openapi(communityRoutes.joinTeam, community.joinTeamHandler)
    .openapi(communityRoutes.leaveTeam, community.leaveTeamHandler)
    .openapi(communityRoutes.listRooms, community.listRoomsHandler)
    .openapi(communityRoutes.createRoom, community.createRoomHandler)
    .openapi(communityRoutes.joinRoom, community.joinRoomHandler)
    .openapi(communityRoutes.leaveRoom, community.leaveRoomHandler)
    .openapi(teacherRoutes.stats, teacher.statsHandler)
    .openapi(teacherRoutes.listCourses, teacher.listCoursesHandler)
    .openapi(teacherRoutes.createCourse, teacher.createCourseHandler)
    .openapi(teacherRoutes.updateCourse, teacher.updateCourseHandler)
    .openapi(teacherRoutes.deleteCourse, teacher.deleteCourseHandler)
    .openapi(teacherRoutes.toggleCourse, teacher.toggleCourseHandler)
    .openapi(teacherRoutes.courseStudents, teacher.courseStudentsHandler)
    .openapi(teacherRoutes.uploadCover, teacher.uploadCoverHandler)
    .openapi(teacherRoutes.attachMaterial, teacher.attachMaterialHandler)
    .openapi(teacherRoutes.detachMaterial, teacher.detachMaterialHandler),
);
