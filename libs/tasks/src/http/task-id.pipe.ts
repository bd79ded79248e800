import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@app/contracts';
import { isUUID } from 'class-validator';

/**
 * Task ids are UUIDs; anything else names no task, so it is a 404 like any unknown id, and it
 * never reaches a store (where it could alias another key).
 */
@Injectable()
export class TaskIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundError(`Task ${value} does not exist`);
    return value;
  }
}
