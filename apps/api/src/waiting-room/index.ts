/** The waiting-room module's public API: other modules import from `@api/waiting-room` only. */
export { WaitingRoomOperationsDto } from './dto/queue-ticket.dto';
export { WaitingRoomModule } from './waiting-room.module';
export { WaitingRoomService } from './waiting-room.service';
